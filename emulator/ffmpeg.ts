/** The ffmpeg binary and the raw-frame encoders built on it. */
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { createRequire } from 'node:module'
import type { Readable, Writable } from 'node:stream'

// @ffmpeg-installer/ffmpeg ships a static binary, so a fresh `npm install` suffices.
function findFfmpeg(): string {
  try {
    return (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path
  } catch {
    return 'ffmpeg'
  }
}

export const ffmpegPath = findFfmpeg()

export type Ffmpeg = ChildProcessByStdio<Writable, Readable, Readable>

export interface FrameSize {
  width: number
  height: number
  fps: number
}

/** Spawns ffmpeg reading raw frames of `size` in `pixFmt` on stdin. */
export function spawnRawEncoder(size: FrameSize, pixFmt: string, output: string[], signal?: AbortSignal): Ffmpeg {
  return spawn(ffmpegPath, [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-f', 'rawvideo', '-pix_fmt', pixFmt, '-s', `${size.width}x${size.height}`, '-framerate', String(size.fps),
    '-i', 'pipe:0', ...output,
  ], { stdio: ['pipe', 'pipe', 'pipe'], ...(signal ? { signal, killSignal: 'SIGKILL' as const } : {}) })
}

/** Resolves when the process exits 0, rejects with its stderr otherwise. */
export function exited(proc: Ffmpeg): Promise<void> {
  let stderr = ''
  proc.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  return new Promise((resolve, reject) => {
    proc.on('error', reject)
    proc.on('close', (code, signal) => {
      if (code === 0) resolve()
      else reject(new Error(`ffmpeg exited ${code ?? signal}: ${stderr.trim()}`))
    })
  })
}

/** H.264 in MP4, a keyframe every second so fragments can be cut on keyframes. */
export function h264Args(fps: number, moov: 'start' | 'end', file: string): string[] {
  return [
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '26', '-pix_fmt', 'yuv420p',
    '-g', String(fps), '-keyint_min', String(fps), '-sc_threshold', '0',
    ...(moov === 'start' ? ['-movflags', '+faststart'] : []),
    '-f', 'mp4', '-y', file,
  ]
}

/**
 * Feeds raw frames to ffmpeg from a pool of reused buffers: a fresh buffer of a megabyte 30 times
 * a second costs more CPU (allocation, GC) than piping it. A buffer returns to the pool once written.
 */
export class FramePipe {
  private readonly free: Uint8Array[] = []

  constructor(readonly proc: Ffmpeg, readonly frameBytes: number) {
    // A broken pipe surfaces through `exited`; without a listener it would crash the process.
    proc.stdin.on('error', () => {})
  }

  /** Frames written but not yet taken by ffmpeg. */
  backlog(): number {
    return this.proc.stdin.writableLength / this.frameBytes
  }

  /** Draws a frame with `draw` and queues it; false when the caller should wait for 'drain'. */
  write(draw: (frame: Uint8Array) => void): boolean {
    const frame = this.free.pop() ?? new Uint8Array(this.frameBytes)
    draw(frame)
    return this.proc.stdin.write(frame, () => this.free.push(frame))
  }

  /** Writes and waits while ffmpeg is behind; resolves too if ffmpeg goes away (see `exited`). */
  async writeWaiting(draw: (frame: Uint8Array) => void): Promise<void> {
    const stdin = this.proc.stdin
    if (this.write(draw) || stdin.destroyed) return
    await new Promise<void>((resolve) => {
      const done = () => {
        stdin.off('drain', done)
        stdin.off('close', done)
        resolve()
      }
      stdin.on('drain', done)
      stdin.on('close', done)
    })
  }
}
