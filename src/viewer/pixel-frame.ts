import type { PixelFrame } from '../workers/preview-decoder.protocol'

export type { PixelFrame }

export function isPixelFrame(frame: ImageBitmap | PixelFrame): frame is PixelFrame {
  return 'pixels' in frame
}
