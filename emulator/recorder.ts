/**
 * Turns the synthetic room into H.264 MP4 clips: live (frames made in real time while the camera
 * records, so the file is ready right after stop) or all at once for seeded clips.
 */
import { FramePipe, exited, h264Args, spawnRawEncoder, type FrameSize } from './ffmpeg'
import { PIX_FMT, renderYuvFrame, yuvFrameBytes } from './frames'

export interface ClipSpec {
  size: FrameSize
  moov: 'start' | 'end'
  file: string
  /** The camera's world clock (uptime ms) at the clip's first frame: where the ball is. */
  worldStartMs: number
}

/** Draws frame n of a clip: its stripe carries its own presentation time. */
function clipFrame(spec: ClipSpec, n: number): (out: Uint8Array) => void {
  const { width, height, fps } = spec.size
  const ptsMs = Math.round((n * 1000) / fps)
  return (out) => renderYuvFrame(out, width, height, 'limited', spec.worldStartMs + ptsMs, ptsMs)
}

function startEncoder(spec: ClipSpec, signal?: AbortSignal): { pipe: FramePipe; done: Promise<void> } {
  const proc = spawnRawEncoder(spec.size, PIX_FMT.limited, h264Args(spec.size.fps, spec.moov, spec.file), signal)
  const done = exited(proc)
  // Awaited later; marked handled now so a kill while frames are still being fed is not "unhandled".
  done.catch(() => {})
  return { pipe: new FramePipe(proc, yuvFrameBytes(spec.size.width, spec.size.height)), done }
}

/** Encodes a clip of `frames` frames as fast as ffmpeg takes them; `signal` kills it. */
export async function encodeClip(spec: ClipSpec, frames: number, signal: AbortSignal): Promise<void> {
  const { pipe, done } = startEncoder(spec, signal)
  for (let n = 0; n < frames && !signal.aborted; n++) await pipe.writeWaiting(clipFrame(spec, n))
  pipe.proc.stdin.end()
  await done
}

/** A clip being recorded in real time. */
export class LiveClip {
  private readonly pipe: FramePipe
  private readonly done: Promise<void>
  private readonly startedAt = performance.now()
  private readonly timer: NodeJS.Timeout
  private written = 0

  /** `maxFrames`: the camera's clip limit, which real time must never overshoot. */
  constructor(readonly spec: ClipSpec, public maxFrames: number) {
    ;({ pipe: this.pipe, done: this.done } = startEncoder(spec))
    this.timer = setInterval(() => this.catchUp(this.framesDue()), 1000 / spec.size.fps)
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt
  }

  private framesDue(): number {
    return Math.floor((this.elapsedMs() * this.spec.size.fps) / 1000) + 1
  }

  // Writes without waiting: a clip must keep wall-clock time even when ffmpeg lags a little.
  private catchUp(frames: number): void {
    while (this.written < Math.min(frames, this.maxFrames)) this.pipe.write(clipFrame(this.spec, this.written++))
  }

  /**
   * Ends the clip with exactly `frames` frames (default: as many as real time has made) and
   * resolves once the MP4 is complete.
   */
  async stop(frames = Math.max(1, Math.round((this.elapsedMs() * this.spec.size.fps) / 1000))): Promise<number> {
    clearInterval(this.timer)
    this.catchUp(frames)
    this.pipe.proc.stdin.end()
    await this.done
    return this.written
  }

  /** Drops the clip (emulator shutdown). */
  kill(): void {
    clearInterval(this.timer)
    this.pipe.proc.kill('SIGKILL')
  }
}
