/**
 * Makes public/demo/demo-visit.mp4, the demo coachee's recorded visit: the emulator's room (the
 * same frames a recording from it has), 30 s at 15 fps, encoded slowly and coarsely so the PWA can
 * precache it (≈ 400 KB). Run with `npx tsx scripts/demo-video.ts` when the room changes.
 */
import { FramePipe, exited, spawnRawEncoder } from '../emulator/ffmpeg'
import { PIX_FMT, renderYuvFrame, yuvFrameBytes } from '../emulator/frames'
import { DEMO_VIDEO_SECONDS, DEMO_VIDEO_URL } from '../src/demo/content'

const size = { width: 1024, height: 512, fps: 15 }
const file = `public/${DEMO_VIDEO_URL}`

async function main(): Promise<void> {
  const proc = spawnRawEncoder(size, PIX_FMT.limited, [
    '-c:v', 'libx264', '-preset', 'veryslow', '-crf', '33', '-pix_fmt', 'yuv420p',
    // A keyframe every second, as the emulator's clips, so seeking in the review lands quickly.
    '-g', String(size.fps), '-keyint_min', String(size.fps), '-sc_threshold', '0',
    '-movflags', '+faststart', '-f', 'mp4', '-y', file,
  ])
  const done = exited(proc)
  const pipe = new FramePipe(proc, yuvFrameBytes(size.width, size.height))
  for (let n = 0; n < DEMO_VIDEO_SECONDS * size.fps; n++) {
    const ms = Math.round((n * 1000) / size.fps)
    await pipe.writeWaiting((out) => renderYuvFrame(out, size.width, size.height, 'limited', ms, ms))
  }
  proc.stdin.end()
  await done
  console.log(`wrote ${file}`)
}

void main()
