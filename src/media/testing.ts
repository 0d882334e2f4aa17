/** Helpers for the media tests (Node only): a file sink, ffmpeg frame reads, emulator file access. */
import { execFile } from 'node:child_process'
import { open } from 'node:fs/promises'
import { promisify } from 'node:util'
import { ffmpegPath } from '../../emulator/ffmpeg'
import { decodeTimeStripe } from '../../emulator/time-stripe'
import type { FragmentChunk } from './fragments'

const run = promisify(execFile)

/** A positional-write sink onto a Node file, like the OPFS writable in the app. */
export function fileSink(path: string): WritableStream<FragmentChunk> {
  const handle = open(path, 'w')
  return new WritableStream({
    async write(chunk) { await (await handle).write(chunk.data, 0, chunk.data.byteLength, chunk.position) },
    async close() { await (await handle).close() },
    async abort() { await (await handle).close() },
  })
}

/** The stripe time (ms) of the file's first frame, or of its last one (decoding only the last 0.2 s). */
export async function stripeMs(file: string, which: 'first' | 'last', width: number, height: number): Promise<number | null> {
  const args = which === 'first' ? ['-i', file, '-frames:v', '1'] : ['-sseof', '-0.2', '-i', file]
  const { stdout } = await run(ffmpegPath, ['-v', 'error', ...args, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })
  const frame = width * height * 3
  return decodeTimeStripe(stdout.subarray(stdout.length - frame), width, height, 3)
}

/** Decodes the whole file; throws on any decoding error, so a passing call means a playable file. */
export async function decodesCleanly(file: string): Promise<void> {
  const { stderr } = await run(ffmpegPath, ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' })
  if (stderr.trim()) throw new Error(stderr)
}

/** A short clip with sound (the emulator records none), as a real camera's file has. */
export async function makeClipWithAudio(file: string, seconds: number): Promise<void> {
  await run(ffmpegPath, ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=320x160:rate=30:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30',
    '-c:a', 'aac', '-shortest', file])
}

/** The stream kinds ffmpeg sees in a file, e.g. ['Video', 'Audio']. */
export async function streamKinds(file: string): Promise<string[]> {
  const { stderr } = await run(ffmpegPath, ['-hide_banner', '-i', file, '-f', 'null', '-t', '0', '-'], { encoding: 'utf8' })
  const input = stderr.split('Output #0')[0] ?? ''
  return [...input.matchAll(/Stream #0:\d+.*?: (Video|Audio)/g)].map((m) => m[1] ?? '')
}
