/**
 * The synthetic gym the emulated camera "sees", as an equirectangular rgb24 picture. Pure (no
 * Node or DOM imports) so browser tests can use the same mapping.
 *
 * Mapping: column x covers yaw yawOfColumn(x) — x = 0 is yaw −180°, the centre column is yaw 0,
 * yaw grows to the right; row y covers pitch pitchOfRow(y) — top +90° (ceiling), bottom −90°.
 * What is where: hue follows yaw (red at −180°, round the colour circle); dark grid lines every
 * 30° of yaw and of pitch; a big landmark with its number under it at yaw 0 (white disc), 90
 * (yellow triangle), 180 (cyan square) and 270 = −90 (magenta diamond); a floor below pitch −20°;
 * a red ball running round the room on the floor once every 8 s so the picture is visibly alive.
 * The top stripeHeight rows carry the time stripe (time-stripe.ts).
 */
import { drawTimeStripe } from './time-stripe'

export function yawOfColumn(x: number, width: number): number {
  return ((x + 0.5) / width) * 360 - 180
}

export function pitchOfRow(y: number, height: number): number {
  return 90 - ((y + 0.5) / height) * 180
}

export function columnOfYaw(yaw: number, width: number): number {
  const wrapped = ((((yaw + 180) % 360) + 360) % 360) - 180
  return Math.floor(((wrapped + 180) / 360) * width)
}

export function rowOfPitch(pitch: number, height: number): number {
  return Math.min(height - 1, Math.floor(((90 - pitch) / 180) * height))
}

export const BALL_PERIOD_MS = 8000
export const BALL_PITCH = -35

/** Yaw of the moving ball at a moment of the camera's world clock. */
export function ballYaw(worldMs: number): number {
  return ((worldMs % BALL_PERIOD_MS) / BALL_PERIOD_MS) * 360 - 180
}

export type Rgb = readonly [number, number, number]

export const isInDisc = (dx: number, dy: number): boolean => dx * dx + dy * dy <= 1

function hsv(h: number, s: number, v: number): Rgb {
  const f = (n: number) => {
    const k = (n + h / 60) % 6
    return Math.round(255 * (v - v * s * Math.max(0, Math.min(k, 4 - k, 1))))
  }
  return [f(5), f(3), f(1)]
}

/** Writes colour `c` (one value per channel: rgb, or a single plane's value); x wraps round at ±180°. */
function setPixel(pixels: Uint8Array, width: number, x: number, y: number, c: readonly number[]): void {
  pixels.set(c, (y * width + (((x % width) + width) % width)) * c.length)
}

/** Fills every pixel within the box around (cx, cy) for which `inside(dx, dy)` holds. */
export function fillShape(
  pixels: Uint8Array, width: number, height: number, cx: number, cy: number, r: number, c: readonly number[],
  inside: (dx: number, dy: number) => boolean,
): void {
  for (let dy = -r; dy <= r; dy++) {
    const y = cy + dy
    if (y < 0 || y >= height) continue
    for (let dx = -r; dx <= r; dx++) {
      if (inside(dx / r, dy / r)) setPixel(pixels, width, cx + dx, y, c)
    }
  }
}

// 3×5 digits, one string per row, for the landmark numbers.
const DIGITS: Record<string, readonly string[]> = {
  '0': ['111', '101', '101', '101', '111'], '1': ['010', '110', '010', '010', '111'],
  '2': ['111', '001', '111', '100', '111'], '7': ['111', '001', '010', '010', '010'],
  '8': ['111', '101', '111', '101', '111'], '9': ['111', '101', '111', '001', '111'],
}

function drawNumber(rgb: Uint8Array, width: number, text: string, cx: number, top: number, cell: number): void {
  const left = cx - Math.floor((text.length * 4 - 1) * cell / 2)
  ;[...text].forEach((ch, i) => {
    DIGITS[ch]?.forEach((row, r) => {
      ;[...row].forEach((on, c) => {
        if (on !== '1') return
        for (let y = 0; y < cell; y++) {
          for (let x = 0; x < cell; x++) {
            setPixel(rgb, width, left + (i * 4 + c) * cell + x, top + r * cell + y, [20, 20, 20])
          }
        }
      })
    })
  })
}

const LANDMARKS: readonly { yaw: number; label: string; colour: Rgb; inside: (dx: number, dy: number) => boolean }[] = [
  { yaw: 0, label: '0', colour: [255, 255, 255], inside: isInDisc },
  { yaw: 90, label: '90', colour: [255, 230, 0], inside: (dx, dy) => dy >= -1 + 2 * Math.abs(dx) },
  { yaw: 180, label: '180', colour: [0, 230, 255], inside: () => true },
  { yaw: -90, label: '270', colour: [255, 0, 200], inside: (dx, dy) => Math.abs(dx) + Math.abs(dy) <= 1 },
]

/** The static room, rendered once per frame size. */
export function renderBackground(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3)
  const line = Math.max(1, Math.round(width / 512))
  const colours = Array.from({ length: width }, (_, x) => yawOfColumn(x, width) + 180)
  for (let y = 0; y < height; y++) {
    const pitch = pitchOfRow(y, height)
    const onPitchLine = Math.abs(pitch - Math.round(pitch / 30) * 30) < (line * 180) / height
    for (let x = 0; x < width; x++) {
      const yaw = yawOfColumn(x, width)
      const onYawLine = Math.abs(yaw - Math.round(yaw / 30) * 30) < (line * 360) / width
      const floor = pitch < -20
      const c = onYawLine || onPitchLine
        ? ([30, 30, 30] as const)
        : hsv(colours[x] ?? 0, floor ? 0.35 : 0.6, floor ? 0.55 : pitch > 40 ? 0.95 : 0.8)
      setPixel(rgb, width, x, y, c)
    }
  }
  const r = Math.round(width / 40)
  for (const mark of LANDMARKS) {
    const cx = columnOfYaw(mark.yaw, width)
    const cy = rowOfPitch(10, height)
    fillShape(rgb, width, height, cx, cy, r, mark.colour, mark.inside)
    drawNumber(rgb, width, mark.label, cx, cy + r + Math.round(r / 3), Math.max(2, Math.round(width / 160)))
  }
  return rgb
}

/** Where the ball is drawn at `worldMs`: centre column/row and radius in pixels. */
export function ballDisc(worldMs: number, width: number, height: number): { cx: number; cy: number; r: number } {
  return { cx: columnOfYaw(ballYaw(worldMs), width), cy: rowOfPitch(BALL_PITCH, height), r: Math.max(4, Math.round(width / 48)) }
}

export const BALL_COLOUR: Rgb = [230, 20, 20]

/** Draws one rgb24 frame into `out` (same size as `background`): the ball at `worldMs`, the stripe carrying `stripeMs`. */
export function renderFrame(
  background: Uint8Array, out: Uint8Array, width: number, height: number, worldMs: number, stripeMs: number,
): void {
  out.set(background)
  const { cx, cy, r } = ballDisc(worldMs, width, height)
  fillShape(out, width, height, cx, cy, r, BALL_COLOUR, isInDisc)
  drawTimeStripe(out, width, height, stripeMs)
}

const backgrounds = new Map<string, Uint8Array>()

/** renderBackground, computed once per size (it takes ≈ 200 ms at 1024×512). */
export function backgroundFor(width: number, height: number): Uint8Array {
  const key = `${width}x${height}`
  let bg = backgrounds.get(key)
  if (!bg) backgrounds.set(key, (bg = renderBackground(width, height)))
  return bg
}
