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

/** Spawns ffmpeg reading rgb24 frames of `size` on stdin. */
export function spawnRawEncoder(size: FrameSize, output: string[]): Ffmpeg {
  return spawn(ffmpegPath, [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${size.width}x${size.height}`, '-framerate', String(size.fps),
    '-i', 'pipe:0', ...output,
  ], { stdio: ['pipe', 'pipe', 'pipe'] })
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

/** Writes a frame, waiting for the pipe to drain when ffmpeg falls behind. */
export async function writeFrame(proc: Ffmpeg, frame: Uint8Array): Promise<void> {
  if (!proc.stdin.write(frame)) await new Promise((resolve) => proc.stdin.once('drain', resolve))
}
