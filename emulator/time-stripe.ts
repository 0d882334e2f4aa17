/**
 * A machine-readable time stamp drawn into every emulator frame, so tests can tell which moment
 * is on screen after JPEG or H.264 compression and scaling. Pure: no Node or DOM imports, so
 * browser code (a <video> drawn into a canvas) can decode it too.
 *
 * Format: the top edge of the frame is cut into 40 equal blocks, block i spanning columns
 * [floor(i·W/40), floor((i+1)·W/40)) and rows [0, stripeHeight(H)) with stripeHeight = max(8,
 * round(H/24)). Each block is pure black (bit 0) or pure white (bit 1):
 *   blocks 0–3   start pattern 1 0 1 0
 *   blocks 4–35  the value, 32 bits, most significant first
 *   blocks 36–39 check: XOR of the value's eight 4-bit nibbles, XOR 0b1010, MSB first
 * Decoding averages the luma of each block's central half and thresholds halfway between the
 * start pattern's white and black, so it survives compression, colour shifts and any scale.
 *
 * What the value means (milliseconds, modulo 2^32):
 *   recording frames  ms since the clip's first frame (frame n carries round(n·1000/fps), its PTS);
 *   preview frames    while recording: the camera's recorded time in ms (the exact `_recordedTime`,
 *                     not rounded to seconds); otherwise the camera's uptime in ms (see /osc/info).
 */

export const STRIPE_BLOCKS = 40
const START = [1, 0, 1, 0] as const
const VALUE_BITS = 32
const CHECK_BITS = 4

export function stripeHeight(height: number): number {
  return Math.max(8, Math.round(height / 24))
}

function blockLeft(i: number, width: number): number {
  return Math.floor((i * width) / STRIPE_BLOCKS)
}

function checkOf(value: number): number {
  let check = 0b1010
  for (let shift = 0; shift < 32; shift += 4) check ^= (value >>> shift) & 0xf
  return check
}

function bitsOf(value: number): number[] {
  const v = value >>> 0
  const bits: number[] = [...START]
  for (let b = VALUE_BITS - 1; b >= 0; b--) bits.push((v >>> b) & 1)
  const check = checkOf(v)
  for (let b = CHECK_BITS - 1; b >= 0; b--) bits.push((check >>> b) & 1)
  return bits
}

/**
 * Draws `ms` (wrapped to 32 bits) into the top rows of a frame, in place: rgb24 (channels 3) or
 * a luma plane (channels 1; the caller makes the chroma under the stripe neutral).
 */
export function drawTimeStripe(pixels: Uint8Array, width: number, height: number, ms: number, channels: 1 | 3 = 3): void {
  const bits = bitsOf(Math.round(ms) % 2 ** 32)
  const rows = Math.min(height, stripeHeight(height))
  for (let i = 0; i < STRIPE_BLOCKS; i++) {
    const value = bits[i] ? 255 : 0
    const x0 = blockLeft(i, width)
    const x1 = blockLeft(i + 1, width)
    for (let y = 0; y < rows; y++) pixels.fill(value, (y * width + x0) * channels, (y * width + x1) * channels)
  }
}

/** Mean luma of the central half of block i. */
function blockLuma(
  pixels: ArrayLike<number>, width: number, height: number, channels: number, i: number,
): number {
  const x0 = blockLeft(i, width)
  const w = blockLeft(i + 1, width) - x0
  const h = Math.min(height, stripeHeight(height))
  const xs = x0 + Math.floor(w / 4)
  const xe = Math.max(xs + 1, x0 + Math.ceil((3 * w) / 4))
  const ys = Math.floor(h / 4)
  const ye = Math.max(ys + 1, Math.ceil((3 * h) / 4))
  let sum = 0
  let n = 0
  for (let y = ys; y < ye; y++) {
    for (let x = xs; x < xe; x++) {
      const p = (y * width + x) * channels
      sum += 0.299 * (pixels[p] ?? 0) + 0.587 * (pixels[p + 1] ?? 0) + 0.114 * (pixels[p + 2] ?? 0)
      n++
    }
  }
  return sum / n
}

/**
 * Reads the stamp from an rgb (channels 3) or rgba (channels 4, e.g. canvas ImageData) frame.
 * Returns the ms value, or null when there is no valid stripe (wrong start pattern or check).
 */
export function decodeTimeStripe(
  pixels: ArrayLike<number>, width: number, height: number, channels: 3 | 4 = 4,
): number | null {
  if (width < STRIPE_BLOCKS * 2 || height < 8) return null
  const lumas = Array.from({ length: STRIPE_BLOCKS }, (_, i) => blockLuma(pixels, width, height, channels, i))
  const white = ((lumas[0] ?? 0) + (lumas[2] ?? 0)) / 2
  const black = ((lumas[1] ?? 0) + (lumas[3] ?? 0)) / 2
  if (white - black < 64) return null
  const threshold = (white + black) / 2
  const bits = lumas.map((l) => (l > threshold ? 1 : 0))
  if (START.some((b, i) => bits[i] !== b)) return null
  let value = 0
  for (let i = 0; i < VALUE_BITS; i++) value = value * 2 + (bits[START.length + i] ?? 0)
  let check = 0
  for (let i = 0; i < CHECK_BITS; i++) check = check * 2 + (bits[START.length + VALUE_BITS + i] ?? 0)
  return check === checkOf(value) ? value : null
}
