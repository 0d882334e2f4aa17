/**
 * Main-thread side of the live-preview decoder: JPEG bytes in, RGBA pixel frames out, decoded in a worker
 * so the main thread stays free for taps and drawing (decoding on it would eat 30 fps × 13 ms).
 */
import type { PreviewJob, PreviewResult } from '../workers/preview-decoder.protocol'
import type { PixelFrame } from './pixel-frame'

export interface PreviewFrameMeta {
  /** performance.now() when the bytes were pushed and when the bitmap came back. */
  receivedAt: number
  decodedAt: number
  seq: number
}

/** The callback owns the frame; its pixels were transferred from the worker, not copied. */
export type PreviewFrameListener = (frame: PixelFrame, meta: PreviewFrameMeta) => void

export interface PreviewDecoderStats {
  pushed: number
  decoded: number
  /** Frames skipped because a newer one arrived before the worker got to them. */
  dropped: number
  errors: number
  /** Mean time the worker spent decoding one frame, ms. */
  decodeMs: number
}

/** Anything that hands out decoded frames: the preview decoder, or a test's stand-in. */
export interface FrameSource {
  /** One listener at a time; returns a function that removes it. */
  onFrame(cb: PreviewFrameListener): () => void
}

export interface PreviewDecoder extends FrameSource {
  /** Copies the bytes, so a view into a larger stream buffer stays usable by its owner. */
  push(jpeg: Uint8Array): void
  stats(): PreviewDecoderStats
  dispose(): void
}

export function createPreviewDecoder(): PreviewDecoder {
  const worker = new Worker(new URL('../workers/preview-decoder.worker.ts', import.meta.url), { type: 'module' })
  let listener: PreviewFrameListener | null = null
  let seq = 0
  let disposed = false
  const counts = { pushed: 0, decoded: 0, dropped: 0, errors: 0, decodeMsTotal: 0 }

  worker.onmessage = (e: MessageEvent<PreviewResult>) => {
    const r = e.data
    counts.dropped = r.dropped
    if (r.kind === 'error') {
      counts.errors++
      return
    }
    counts.decoded++
    counts.decodeMsTotal += r.decodeMs
    if (listener && !disposed) listener(r.frame, { receivedAt: r.receivedAt, decodedAt: performance.now(), seq: r.seq })
  }
  worker.onerror = () => {
    counts.errors++
  }

  return {
    push(jpeg) {
      if (disposed) return
      // The copy is ours to transfer; the parser's frames are often views into its chunk.
      const bytes = jpeg.slice().buffer
      const job: PreviewJob = { seq: ++seq, receivedAt: performance.now(), bytes }
      counts.pushed++
      worker.postMessage(job, [bytes])
    },
    onFrame(cb) {
      listener = cb
      return () => {
        if (listener === cb) listener = null
      }
    },
    stats() {
      const { decodeMsTotal, ...rest } = counts
      return { ...rest, decodeMs: counts.decoded ? decodeMsTotal / counts.decoded : 0 }
    },
    dispose() {
      disposed = true
      listener = null
      worker.terminate()
    },
  }
}
