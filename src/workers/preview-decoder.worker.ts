/**
 * Decodes live-preview JPEGs off the main thread (a 1024×512 frame costs ≈ 13 ms, ARCHITECTURE.md §6)
 * and sends back ImageBitmaps, transferred. Latest wins: a frame that waits behind a newer one is dropped.
 */
import { createLatestWins } from './latest-wins'

export interface PreviewJob {
  seq: number
  /** Main-thread clock at push, echoed back. */
  receivedAt: number
  bytes: ArrayBuffer
}

export type PreviewResult =
  | { kind: 'frame'; seq: number; receivedAt: number; bitmap: ImageBitmap; decodeMs: number; dropped: number }
  | { kind: 'error'; seq: number; receivedAt: number; dropped: number }

let dropped = 0

function post(result: PreviewResult): void {
  self.postMessage(result, { transfer: result.kind === 'frame' ? [result.bitmap] : [] })
}

async function decode(job: PreviewJob): Promise<void> {
  const started = performance.now()
  try {
    // Preview JPEGs are opaque sRGB: skip the premultiply and colour-conversion passes.
    const bitmap = await createImageBitmap(new Blob([job.bytes], { type: 'image/jpeg' }), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' })
    post({ kind: 'frame', seq: job.seq, receivedAt: job.receivedAt, bitmap, decodeMs: performance.now() - started, dropped })
  } catch {
    // A torn or corrupt frame: the stream goes on, the client counts it.
    post({ kind: 'error', seq: job.seq, receivedAt: job.receivedAt, dropped })
  }
}

const queue = createLatestWins(decode, () => dropped++)

self.onmessage = (e: MessageEvent<PreviewJob>) => queue.push(e.data)
