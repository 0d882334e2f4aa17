// The live preview as "the newest frame": a reader drains the camera's stream at its own pace and
// keeps one frame; a slower consumer simply gets the latest (never an unbounded queue).
import { CameraError, toCameraError } from './errors'
import { createPreviewParser, type PreviewParserOptions } from './preview-parser'

export interface PreviewEnd {
  /** complete: the camera ended the stream (e.g. recording started); truncated: cut mid-frame. */
  reason: 'complete' | 'truncated' | 'aborted' | 'failed'
  error?: CameraError
}

export interface PreviewStats {
  frames: number
  /** Frames replaced by a newer one before the consumer took them. */
  dropped: number
  bytes: number
  resyncs: number
}

export interface LivePreview {
  /** The newest JPEG not taken yet; waits for one; null once the stream is over (see `ended`). */
  next(): Promise<Uint8Array | null>
  readonly ended: Promise<PreviewEnd>
  readonly stats: Readonly<PreviewStats>
  close(): void
}

export function readLivePreview(body: ReadableStream<Uint8Array>, options: Pick<PreviewParserOptions, 'maxFrameBytes'> = {}): LivePreview {
  const reader = body.getReader()
  const stats: PreviewStats = { frames: 0, dropped: 0, bytes: 0, resyncs: 0 }
  let latest: Uint8Array | null = null
  let waiting: ((frame: Uint8Array | null) => void) | undefined
  let over = false
  let closed = false

  const parser = createPreviewParser({
    maxFrameBytes: options.maxFrameBytes,
    onFrame(frame) {
      stats.frames += 1
      if (waiting) {
        const resolve = waiting
        waiting = undefined
        resolve(frame)
        return
      }
      if (latest) stats.dropped += 1
      latest = frame
    },
  })

  async function pump(): Promise<PreviewEnd> {
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        stats.bytes += value.length
        parser.push(value)
        stats.resyncs = parser.resyncs
      }
      if (closed) return { reason: 'aborted' }
      const reason = parser.end()
      return reason === 'truncated' ? { reason, error: new CameraError('badResponse') } : { reason }
    } catch (e) {
      if (closed) return { reason: 'aborted' }
      const error = isAbort(e) ? new CameraError('aborted', { cause: e }) : toCameraErrorFromRead(e)
      return { reason: error.code === 'aborted' ? 'aborted' : 'failed', error }
    } finally {
      over = true
      waiting?.(null)
      waiting = undefined
    }
  }

  const ended = pump()

  return {
    next() {
      if (latest) {
        const frame = latest
        latest = null
        return Promise.resolve(frame)
      }
      if (over) return Promise.resolve(null)
      return new Promise((resolve) => (waiting = resolve))
    },
    ended,
    stats,
    close() {
      closed = true
      reader.cancel().catch(() => undefined)
    },
  }
}

function isAbort(e: unknown): boolean {
  return (e as { name?: unknown } | null)?.name === 'AbortError'
}

// A body that breaks off while reading means the link went away (Wi-Fi drop, camera off).
function toCameraErrorFromRead(e: unknown): CameraError {
  return e instanceof TypeError ? new CameraError('unreachable', { cause: e }) : toCameraError(e)
}
