import jpeg from 'jpeg-js'
import { describe, expect, it } from 'vitest'
import { ballYaw, columnOfYaw, pitchOfRow, renderBackground, renderFrame, yawOfColumn } from './panorama'
import { decodeTimeStripe, drawTimeStripe, stripeHeight } from './time-stripe'

function toRgba(rgb: Uint8Array): Uint8Array {
  const rgba = new Uint8Array((rgb.length / 3) * 4)
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgba.set(rgb.subarray(i, i + 3), j)
    rgba[j + 3] = 255
  }
  return rgba
}

/** Nearest-neighbour rescale, as a canvas of another size would give. */
function scale(rgb: Uint8Array, w: number, h: number, w2: number, h2: number): Uint8Array {
  const out = new Uint8Array(w2 * h2 * 3)
  for (let y = 0; y < h2; y++) {
    for (let x = 0; x < w2; x++) {
      const s = (Math.floor((y * h) / h2) * w + Math.floor((x * w) / w2)) * 3
      out.set(rgb.subarray(s, s + 3), (y * w2 + x) * 3)
    }
  }
  return out
}

describe('time stripe', () => {
  const bg = renderBackground(1024, 512)

  it.each([0, 1, 33, 123_456, 2 ** 31 + 5, 2 ** 32 - 1])('round-trips %i', (ms) => {
    const frame = new Uint8Array(bg.length)
    renderFrame(bg, frame, 1024, 512, 0, ms)
    expect(decodeTimeStripe(frame, 1024, 512, 3)).toBe(ms)
  })

  it('survives strong JPEG compression, RGBA input and rescaling', () => {
    const frame = new Uint8Array(bg.length)
    renderFrame(bg, frame, 1024, 512, 500, 98_765)
    const encoded = jpeg.encode({ data: toRgba(frame), width: 1024, height: 512 }, 30)
    const decoded = jpeg.decode(encoded.data, { useTArray: true })
    expect(decodeTimeStripe(decoded.data, 1024, 512, 4)).toBe(98_765)
    expect(decodeTimeStripe(scale(frame, 1024, 512, 640, 320), 640, 320, 3)).toBe(98_765)
    expect(decodeTimeStripe(scale(frame, 1024, 512, 1920, 960), 1920, 960, 3)).toBe(98_765)
  })

  it('finds nothing in a picture without a stripe, or with a damaged one', () => {
    expect(decodeTimeStripe(bg, 1024, 512, 3)).toBeNull()
    const frame = new Uint8Array(bg)
    drawTimeStripe(frame, 1024, 512, 4242)
    // Flip value block 10 (columns 256–280): the check must catch it.
    const flipped = 255 - (frame[266 * 3] ?? 0)
    for (let y = 0; y < stripeHeight(512); y++) frame.fill(flipped, (y * 1024 + 256) * 3, (y * 1024 + 281) * 3)
    expect(decodeTimeStripe(frame, 1024, 512, 3)).toBeNull()
  })
})

describe('panorama mapping', () => {
  it('is equirectangular with yaw 0 in the centre and x = 0 at yaw −180°', () => {
    expect(yawOfColumn(0, 1024)).toBeCloseTo(-180 + 360 / 2048)
    expect(yawOfColumn(511.5, 1024)).toBeCloseTo(0)
    expect(columnOfYaw(90, 1024)).toBe(768)
    expect(columnOfYaw(-90, 1024)).toBe(256)
    expect(pitchOfRow(0, 512)).toBeCloseTo(90 - 180 / 1024)
  })

  it('shows the landmarks where it says: white disc at yaw 0, yellow triangle at 90', () => {
    const bg = renderBackground(1024, 512)
    const px = (yaw: number, pitch: number) => {
      const p = (Math.floor(((90 - pitch) / 180) * 512) * 1024 + columnOfYaw(yaw, 1024)) * 3
      return [bg[p], bg[p + 1], bg[p + 2]]
    }
    expect(px(0, 10)).toEqual([255, 255, 255])
    expect(px(90, 8)).toEqual([255, 230, 0])
    expect(ballYaw(4000)).toBeCloseTo(0)
  })
})
