/**
 * The panorama as planar YUV 4:2:0, the form ffmpeg encodes without converting: half the bytes
 * of rgb24 through the pipe and about half the MJPEG encoder's CPU (measured here).
 * `full` range (0–255) is what JPEG wants (yuvj420p); `limited` (16–235) is H.264's yuv420p.
 */
import { BALL_COLOUR, backgroundFor, ballDisc, fillShape, isInDisc, type Rgb } from './panorama'
import { drawTimeStripe, stripeHeight } from './time-stripe'

export type YuvRange = 'full' | 'limited'

export const PIX_FMT: Record<YuvRange, string> = { full: 'yuvj420p', limited: 'yuv420p' }

export function yuvFrameBytes(width: number, height: number): number {
  return (width * height * 3) / 2
}

// BT.601, as both JPEG and ffmpeg's default H.264 colour space use.
function yuv([r, g, b]: Rgb, range: YuvRange): [number, number, number] {
  const y = 0.299 * r + 0.587 * g + 0.114 * b
  const u = -0.168736 * r - 0.331264 * g + 0.5 * b
  const v = 0.5 * r - 0.418688 * g - 0.081312 * b
  return range === 'full'
    ? [y, 128 + u, 128 + v]
    : [16 + (y * 219) / 255, 128 + (u * 224) / 255, 128 + (v * 224) / 255]
}

function toYuv420(rgb: Uint8Array, width: number, height: number, range: YuvRange): Uint8Array {
  const out = new Uint8Array(yuvFrameBytes(width, height))
  const cw = width / 2
  const uBase = width * height
  const vBase = uBase + cw * (height / 2)
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      let u = 0
      let v = 0
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const p = ((y + dy) * width + x + dx) * 3
        const c = yuv([rgb[p] ?? 0, rgb[p + 1] ?? 0, rgb[p + 2] ?? 0], range)
        out[(y + dy) * width + x + dx] = c[0]
        u += c[1]
        v += c[2]
      }
      out[uBase + (y / 2) * cw + x / 2] = u / 4
      out[vBase + (y / 2) * cw + x / 2] = v / 4
    }
  }
  return out
}

const backgrounds = new Map<string, Uint8Array>()

/** The static room in YUV, made once per size and range (≈ 300 ms at 1024×512: do it before the clock runs). */
export function yuvBackground(width: number, height: number, range: YuvRange): Uint8Array {
  const key = `${width}x${height}/${range}`
  let bg = backgrounds.get(key)
  if (!bg) backgrounds.set(key, (bg = toYuv420(backgroundFor(width, height), width, height, range)))
  return bg
}

/** One YUV 4:2:0 frame into `out`: the room, the ball at `worldMs`, the stripe carrying `stripeMs`. */
export function renderYuvFrame(
  out: Uint8Array, width: number, height: number, range: YuvRange, worldMs: number, stripeMs: number,
): void {
  out.set(yuvBackground(width, height, range))
  const [by, bu, bv] = yuv(BALL_COLOUR, range).map(Math.round) as [number, number, number]
  const { cx, cy, r } = ballDisc(worldMs, width, height)
  const cw = width / 2
  const ch = height / 2
  const uPlane = out.subarray(width * height, width * height + cw * ch)
  const vPlane = out.subarray(width * height + cw * ch)
  fillShape(out, width, height, cx, cy, r, [by], isInDisc)
  fillShape(uPlane, cw, ch, cx >> 1, cy >> 1, r >> 1, [bu], isInDisc)
  fillShape(vPlane, cw, ch, cx >> 1, cy >> 1, r >> 1, [bv], isInDisc)
  // Pure black/white blocks on the luma plane (0/255 even in limited range: decoders clamp), grey chroma.
  drawTimeStripe(out, width, height, stripeMs, 1)
  const chromaRows = Math.ceil(stripeHeight(height) / 2)
  uPlane.fill(128, 0, chromaRows * cw)
  vPlane.fill(128, 0, chromaRows * cw)
}
