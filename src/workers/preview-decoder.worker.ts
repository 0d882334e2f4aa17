/**
 * Decodes live-preview JPEGs off the main thread (a 1024×512 frame costs ≈ 13 ms, ARCHITECTURE.md §6)
 * into RGBA pixels, transferred. Pixels rather than ImageBitmaps: uploading a bitmap cost the main
 * thread 20–25 ms a frame where WebGL runs in software, raw pixels 0.2 ms. Latest wins: a frame
 * that waits behind a newer one is dropped.
 */
import { createLatestWins } from './latest-wins'
import type { PixelFrame, PreviewJob, PreviewResult } from './preview-decoder.protocol'

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

/** Where WebCodecs cannot hand out RGBA, the canvas path takes over for good. */
let webCodecs = typeof ImageDecoder === 'function'

/**
 * ImageDecoder → VideoFrame → RGBA straight into our buffer: no canvas draw and read-back, which
 * cost most of the time per frame here. Null when this browser cannot (then the canvas path).
 */
async function decodeWithWebCodecs(bytes: ArrayBuffer): Promise<PixelFrame | null> {
  const decoder = new ImageDecoder({ data: bytes, type: 'image/jpeg' })
  try {
    const { image } = await decoder.decode()
    try {
      const { displayWidth: width, displayHeight: height } = image
      const pixels = new Uint8ClampedArray(width * height * 4)
      try {
        await image.copyTo(pixels, { format: 'RGBA' })
      } catch {
        webCodecs = false // RGBA conversion not offered: not the frame's fault
        return null
      }
      return { width, height, pixels }
    } finally {
      image.close()
    }
  } finally {
    decoder.close()
  }
}

async function decodeWithCanvas(bytes: ArrayBuffer): Promise<PixelFrame> {
  // Preview JPEGs are opaque sRGB: skip the premultiply and colour-conversion passes.
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' })
  return pixelsOf(bitmap)
}

async function decode(job: PreviewJob): Promise<void> {
  const started = performance.now()
  try {
    const frame = (webCodecs ? await decodeWithWebCodecs(job.bytes) : null) ?? (await decodeWithCanvas(job.bytes))
    post({ kind: 'frame', seq: job.seq, receivedAt: job.receivedAt, frame, decodeMs: performance.now() - started, dropped })
  } catch {
    // A torn or corrupt frame: the stream goes on, the client counts it.
    post({ kind: 'error', seq: job.seq, receivedAt: job.receivedAt, dropped })
  }
}

const queue = createLatestWins(decode, () => dropped++)

self.onmessage = (e: MessageEvent<PreviewJob>) => queue.push(e.data)
