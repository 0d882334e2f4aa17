/** `?type=thumb` on a file URL: a 640×320 JPEG of the clip's first frame, made once per file. */
import { spawn } from 'node:child_process'
import { ffmpegPath } from './ffmpeg'
import type { StoredFile } from './files'

const thumbs = new WeakMap<StoredFile, Promise<Buffer>>()

function render(file: StoredFile): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const proc = spawn(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file.diskPath,
      '-frames:v', '1', '-vf', 'scale=640:320', '-f', 'mjpeg', '-q:v', '5', 'pipe:1'], { stdio: ['ignore', 'pipe', 'ignore'] })
    const chunks: Buffer[] = []
    proc.stdout.on('data', (d: Buffer) => chunks.push(d))
    proc.on('error', reject)
    proc.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`thumbnail: ffmpeg ${code}`))))
  })
}

export function thumbnail(file: StoredFile): Promise<Buffer> {
  let thumb = thumbs.get(file)
  if (!thumb) thumbs.set(file, (thumb = render(file)))
  return thumb
}
