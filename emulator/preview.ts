/**
 * Live preview: one persistent ffmpeg turns rendered frames into JPEGs, which go to every open
 * `getLivePreview` response as THETA's multipart stream (camera-osc.md, Live preview).
 */
import type { ServerResponse } from 'node:http'
import type { Camera } from './camera'
import { FramePipe, spawnRawEncoder, type FrameSize } from './ffmpeg'
import type { VideoFormat } from './models'
import { PIX_FMT, renderYuvFrame, yuvFrameBytes } from './frames'

export const PREVIEW_BOUNDARY = '---osclivepreview---'
export const PREVIEW_CONTENT_TYPE = `multipart/x-mixed-replace; boundary="${PREVIEW_BOUNDARY}"`

/** Splits a byte stream of concatenated JPEGs, walking segments so no marker is guessed. */
export class JpegSplitter {
  private buf: Buffer = Buffer.alloc(0)

  constructor(private readonly onJpeg: (jpeg: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk
    for (let end = this.frameEnd(); end > 0; end = this.frameEnd()) {
      this.onJpeg(this.buf.subarray(0, end))
      this.buf = this.buf.subarray(end)
    }
  }

  /** Length of the complete JPEG at the buffer's start, or 0 if it is not all there yet. */
  private frameEnd(): number {
    const b = this.buf
    let p = 2
    let scan = false
    // Header segments carry their length; after SOS (0xDA) comes entropy data up to EOI.
    while (!scan && p + 4 <= b.length) {
      scan = b[p + 1] === 0xda
      p += 2 + b.readUInt16BE(p + 2)
    }
    for (; scan && p + 1 < b.length; p++) {
      if (b[p] === 0xff && b[p + 1] === 0xd9) return p + 2
    }
    return 0
  }
}

function partHeader(length: number): Buffer {
  // THETA starts each part with the bare boundary, not "--" + boundary.
  return Buffer.from(`${PREVIEW_BOUNDARY}\r\nContent-type: image/jpeg\r\nContent-Length: ${length}\r\n\r\n`)
}

interface Viewer {
  res: ServerResponse
  /** Stops sending without closing (silent Wi-Fi drop). */
  stalled: boolean
}

export class PreviewSource {
  private readonly viewers = new Set<Viewer>()
  private encoder: { pipe: FramePipe; size: FrameSize; timer: NodeJS.Timeout } | null = null

  constructor(private readonly camera: Camera, private readonly loopFrames?: number) {
    camera.on('capture', (recording) => {
      if (recording && !camera.profile.previewWhileRecording) this.endAll()
      else this.restartIfResized()
    })
    camera.on('mode', () => this.endAll())
    camera.on('level', () => this.endAll())
  }

  /** The format streamed now: THETA X drops to its video live view size while recording. */
  private format(): VideoFormat {
    const f = this.camera.previewFormat ?? { width: 1024, height: 512, framerate: 30 }
    return this.camera.isRecording() ? (this.camera.profile.previewWhileRecording ?? f) : f
  }

  open(res: ServerResponse, track: (stall: () => void) => () => void): void {
    res.writeHead(200, { 'Content-Type': PREVIEW_CONTENT_TYPE, 'Cache-Control': 'no-store' })
    const viewer: Viewer = { res, stalled: false }
    this.viewers.add(viewer)
    const untrack = track(() => { viewer.stalled = true })
    res.on('close', () => {
      untrack()
      this.viewers.delete(viewer)
      if (this.viewers.size === 0) this.stopEncoder()
    })
    this.encoder ?? this.startEncoder()
  }

  private startEncoder(): void {
    const { width, height, framerate: fps } = this.format()
    const size = { width, height, fps }
    const proc = spawnRawEncoder(size, PIX_FMT.full, ['-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '5', 'pipe:1'])
    proc.stderr.resume()
    proc.on('error', () => this.endAll())
    // A replaced encoder may still flush a frame of the old size: drop it.
    const loop: Buffer[] = []
    const splitter = new JpegSplitter((jpeg) => {
      if (this.encoder?.pipe.proc !== proc) return
      this.broadcast(jpeg)
      if (this.loopFrames && loop.push(Buffer.from(jpeg)) === this.loopFrames) this.sendRoundAndRound(loop, size)
    })
    proc.stdout.on('data', (chunk: Buffer) => splitter.push(chunk))
    const pipe = new FramePipe(proc, yuvFrameBytes(width, height))
    const timer = setInterval(() => {
      // Skip a frame rather than queue them when ffmpeg falls behind: a live view shows "now".
      if (pipe.backlog() > 2) return
      const c = this.camera
      const stripeMs = c.isRecording() ? c.recordedMs() : c.uptimeMs()
      pipe.write((out) => renderYuvFrame(out, width, height, 'full', c.uptimeMs(), stripeMs))
    }, 1000 / fps)
    this.encoder = { pipe, size, timer }
  }

  /** From now on the encoded frames again and again, at the same rate, with no encoder running. */
  private sendRoundAndRound(frames: Buffer[], size: FrameSize): void {
    const pipe = this.encoder!.pipe
    clearInterval(this.encoder!.timer)
    pipe.proc.kill('SIGKILL')
    let next = 0
    const timer = setInterval(() => this.broadcast(frames[next++ % frames.length]!), 1000 / size.fps)
    this.encoder = { pipe, size, timer }
  }

  private stopEncoder(): void {
    if (!this.encoder) return
    clearInterval(this.encoder.timer)
    this.encoder.pipe.proc.kill('SIGKILL')
    this.encoder = null
  }

  private restartIfResized(): void {
    const f = this.format()
    const s = this.encoder?.size
    if (!s || (s.width === f.width && s.height === f.height && s.fps === f.framerate)) return
    this.stopEncoder()
    this.startEncoder()
  }

  private broadcast(jpeg: Buffer): void {
    const faults = this.camera.faults
    const cut = faults.state.previewCutAfterFrames
    if (cut !== null) faults.state.previewCutAfterFrames = cut - 1
    for (const v of this.viewers) {
      // A viewer that does not keep up misses frames instead of piling them up here.
      if (v.stalled || v.res.writableLength > 4 * jpeg.length) continue
      v.res.write(partHeader(jpeg.length))
      if (cut === 0) {
        // Fault: the stream dies half-way through a frame.
        v.res.write(jpeg.subarray(0, jpeg.length >> 1))
        v.res.socket?.end(() => v.res.socket?.destroy())
        continue
      }
      v.res.write(jpeg)
      v.res.write('\r\n')
    }
    if (cut === 0) faults.state.previewCutAfterFrames = null
  }

  /** Recording started or the mode changed: streams end as on a real camera. */
  endAll(): void {
    for (const v of this.viewers) v.res.end()
    this.viewers.clear()
    this.stopEncoder()
  }

  close(): void {
    this.stopEncoder()
    for (const v of this.viewers) v.res.destroy()
    this.viewers.clear()
  }
}
