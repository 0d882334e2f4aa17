/** A decoded picture as RGBA bytes, top row first: what the preview decoder hands the viewer. */
export interface PixelFrame {
  width: number
  height: number
  pixels: Uint8ClampedArray
}

export function isPixelFrame(frame: ImageBitmap | PixelFrame): frame is PixelFrame {
  return 'pixels' in frame
}
