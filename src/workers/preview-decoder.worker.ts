/**
 * Decodes live-preview JPEGs off the main thread (a 1024×512 frame costs ≈ 13 ms, ARCHITECTURE.md §6)
 * into RGBA pixels, transferred. Pixels rather than ImageBitmaps: uploading a bitmap cost the main
 * thread 20–25 ms a frame where WebGL runs in software, raw pixels 0.2 ms. Latest wins: a frame
 * that waits behind a newer one is dropped.
 */
import { createLatestWins } from './latest-wins'
import type { PixelFrame } from '../viewer/pixel-frame'

export interface PreviewJob {
  seq: number
  /** Main-thread clock at push, echoed back. */
  receivedAt: number
  bytes: ArrayBuffer
}

export type PreviewResult =
  | { kind: 'frame'; seq: number; receivedAt: number; frame: PixelFrame; decodeMs: number; dropped: number }
  | { kind: 'error'; seq: number; receivedAt: number; dropped: number }

let dropped = 0

function post(result: PreviewResult): void {
  self.postMessage(result, { transfer: result.kind === 'frame' ? [result.frame.pixels.buffer] : [] })
}

// One CPU-backed canvas, reused, to turn the decoded bitmap into pixels.
let canvas: OffscreenCanvas | null = null
let context: OffscreenCanvasRenderingContext2D | null = null

function pixelsOf(bitmap: ImageBitmap): PixelFrame {
  const { width, height } = bitmap
  if (!canvas || !context || canvas.width !== width || canvas.height !== height) {
    canvas = new OffscreenCanvas(width, height)
    context = canvas.getContext('2d', { willReadFrequently: true, alpha: false })
  }
  context!.drawImage(bitmap, 0, 0)
  bitmap.close()
  return { width, height, pixels: context!.getImageData(0, 0, width, height).data }
}

async function decode(job: PreviewJob): Promise<void> {
  const started = performance.now()
  try {
    // Preview JPEGs are opaque sRGB: skip the premultiply and colour-conversion passes.
    const bitmap = await createImageBitmap(new Blob([job.bytes], { type: 'image/jpeg' }), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' })
    const frame = pixelsOf(bitmap)
    post({ kind: 'frame', seq: job.seq, receivedAt: job.receivedAt, frame, decodeMs: performance.now() - started, dropped })
  } catch {
    // A torn or corrupt frame: the stream goes on, the client counts it.
    post({ kind: 'error', seq: job.seq, receivedAt: job.receivedAt, dropped })
  }
}

const queue = createLatestWins(decode, () => dropped++)

self.onmessage = (e: MessageEvent<PreviewJob>) => queue.push(e.data)
