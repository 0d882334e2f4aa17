/** Helpers for the emulator's own tests: a tiny OSC client over real HTTP, frame decoding. */
import { spawn } from 'node:child_process'
import jpeg from 'jpeg-js'
import { ffmpegPath } from './ffmpeg'
import { PREVIEW_BOUNDARY } from './preview'
import { decodeTimeStripe } from './time-stripe'

export interface Reply {
  status: number
  headers: Headers
  body: Record<string, any>
}

export async function post(url: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json;charset=utf-8', ...headers },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} }
}

export function execute(base: string, name: string, parameters: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Reply> {
  return post(`${base}/osc/commands/execute`, { name, parameters }, headers)
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface Frame {
  jpeg: Buffer
  width: number
  height: number
  stripeMs: number | null
}

export function decodeJpegFrame(data: Buffer): Frame {
  const img = jpeg.decode(data, { useTArray: true })
  return { jpeg: data, width: img.width, height: img.height, stripeMs: decodeTimeStripe(img.data, img.width, img.height, 4) }
}

/** Width and height from a JPEG's SOF header, without decoding it. */
export function jpegSize(data: Buffer): { width: number; height: number } {
  for (let p = 2; p + 9 < data.length; p += 2 + data.readUInt16BE(p + 2)) {
    const marker = data[p + 1] ?? 0
    if (marker >= 0xc0 && marker <= 0xc3) return { height: data.readUInt16BE(p + 5), width: data.readUInt16BE(p + 7) }
  }
  throw new Error('no SOF in JPEG')
}

/**
 * Reads parts of a THETA preview stream by the bare boundary and Content-Length. Returns the
 * JPEGs undecoded: decoding in JS is slow enough to make the stream look slow.
 */
export class PreviewReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>
  private buf = Buffer.alloc(0)

  constructor(res: Response) {
    this.reader = res.body!.getReader()
  }

  /** Up to `count` frames; `ended` says why it stopped: enough frames, clean end, or broken stream. */
  async read(count: number): Promise<{ jpegs: Buffer[]; ended: 'count' | 'end' | 'error' }> {
    const jpegs: Buffer[] = []
    let ended: 'count' | 'end' | 'error' = 'count'
    try {
      while (jpegs.length < count) {
        const part = this.nextPart()
        if (part) {
          jpegs.push(part)
          continue
        }
        const { value, done } = await this.reader.read()
        if (done) {
          ended = 'end'
          break
        }
        this.buf = Buffer.concat([this.buf, value])
      }
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('bad part')) throw err
      ended = 'error'
    }
    return { jpegs, ended }
  }

  private nextPart(): Buffer | null {
    const head = this.buf.indexOf('\r\n\r\n')
    if (head < 0) return null
    const header = this.buf.subarray(0, head).toString('latin1')
    const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1])
    if (!header.trimStart().startsWith(PREVIEW_BOUNDARY) || !length) throw new Error(`bad part header: ${header}`)
    if (this.buf.length < head + 4 + length + 2) return null
    const jpeg = this.buf.subarray(head + 4, head + 4 + length)
    this.buf = this.buf.subarray(head + 4 + length + 2)
    return jpeg
  }

  cancel(): Promise<void> {
    return this.reader.cancel()
  }
}

export function openPreview(base: string, name = 'camera.getLivePreview', parameters = {}): Promise<Response> {
  return fetch(`${base}/osc/commands/execute`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json;charset=utf-8' },
    body: JSON.stringify({ name, parameters }),
  })
}

function run(args: string[]): Promise<{ stdout: Buffer; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => out.push(d))
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    p.on('error', reject)
    p.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr, code }))
  })
}

/** Decodes the whole file with ffmpeg; returns its frame count and duration (s), or throws. */
export async function probeVideo(file: string): Promise<{ frames: number; seconds: number; keyframes: number }> {
  const r = await run(['-hide_banner', '-nostats', '-i', file, '-vf', 'showinfo', '-f', 'null', '-'])
  if (r.code !== 0) throw new Error(r.stderr)
  const frames = r.stderr.match(/\] n: *\d+/g)?.length ?? 0
  const keyframes = r.stderr.match(/iskey:1/g)?.length ?? 0
  const d = /Duration: (\d+):(\d+):([\d.]+)/.exec(r.stderr)
  const seconds = d ? Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]) : NaN
  return { frames, seconds, keyframes }
}

/** The stripe time of the frame shown at `seconds` into the file. */
export async function stripeAt(file: string, seconds: number, width: number, height: number): Promise<number | null> {
  const r = await run(['-hide_banner', '-loglevel', 'error', '-i', file, '-ss', String(seconds), '-frames:v', '1',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'])
  if (r.code !== 0 || r.stdout.length !== width * height * 3) throw new Error(r.stderr || 'no frame')
  return decodeTimeStripe(r.stdout, width, height, 3)
}

/** Top-level MP4 box types in order. */
export function topLevelBoxes(mp4: Buffer): string[] {
  const types: string[] = []
  for (let p = 0; p + 8 <= mp4.length;) {
    const size32 = mp4.readUInt32BE(p)
    const size = size32 === 1 ? Number(mp4.readBigUInt64BE(p + 8)) : size32
    types.push(mp4.toString('latin1', p + 4, p + 8))
    if (size < 8) break
    p += size
  }
  return types
}
