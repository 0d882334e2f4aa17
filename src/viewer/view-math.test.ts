import { describe, expect, it } from 'vitest'
import {
  DEFAULT_LIMITS,
  clamp,
  coast,
  degreesPerPixel,
  directionToUv,
  dragView,
  easeInOut,
  interpolateView,
  normalizeView,
  pinchFov,
  sameView,
  scaleFov,
  screenToDirection,
  shortestYawDelta,
  turnDurationMs,
  uvToDirection,
  viewRotation,
  wheelFactor,
  wrapYaw,
} from './view-math'

describe('clamp and wrap', () => {
  it('clamps', () => {
    expect(clamp(5, 0, 3)).toBe(3)
    expect(clamp(-1, 0, 3)).toBe(0)
    expect(clamp(2, 0, 3)).toBe(2)
  })

  it('wraps yaw into (−180, 180]', () => {
    expect(wrapYaw(0)).toBe(0)
    expect(wrapYaw(180)).toBe(180)
    expect(wrapYaw(-180)).toBe(180)
    expect(wrapYaw(190)).toBe(-170)
    expect(wrapYaw(-190)).toBe(170)
    expect(wrapYaw(720 + 45)).toBe(45)
    expect(wrapYaw(-540)).toBe(180)
  })

  it('normalises a view to the limits', () => {
    expect(normalizeView({ yaw: 270, pitch: 120, fov: 10 })).toEqual({ yaw: -90, pitch: 85, fov: 30 })
    expect(normalizeView({ yaw: 0, pitch: -90, fov: 200 })).toEqual({ yaw: 0, pitch: -85, fov: 100 })
  })

  it('treats yaw 180 and −180 as the same view', () => {
    expect(sameView({ yaw: 180, pitch: 0, fov: 60 }, { yaw: -180, pitch: 0, fov: 60 })).toBe(true)
    expect(sameView({ yaw: 10, pitch: 0, fov: 60 }, { yaw: 10, pitch: 0.1, fov: 60 })).toBe(false)
  })
})

describe('drag', () => {
  it('moves the image with the finger: dragging right looks left, dragging down looks up', () => {
    const v = dragView({ yaw: 0, pitch: 0, fov: 60 }, 100, 50, 600)
    expect(v.yaw).toBeLessThan(0)
    expect(v.pitch).toBeGreaterThan(0)
  })

  it('turns by the angle under the finger at the centre of the screen', () => {
    // 90° fov over 600 px: the image plane is 2 units high, so 1 px at the centre is atan(2/600).
    expect(degreesPerPixel(90, 600)).toBeCloseTo((Math.atan(2 / 600) * 180) / Math.PI, 10)
    // A half-screen drag at a narrow fov turns by about half the fov.
    expect(dragView({ yaw: 0, pitch: 0, fov: 30 }, -300, 0, 600).yaw).toBeCloseTo(15, 0)
  })

  it('a smaller fov turns less per pixel', () => {
    expect(degreesPerPixel(30, 600)).toBeLessThan(degreesPerPixel(100, 600))
  })

  it('clamps pitch and wraps yaw', () => {
    const v = dragView({ yaw: 170, pitch: 80, fov: 100 }, -200, 400, 500)
    expect(v.pitch).toBe(DEFAULT_LIMITS.maxPitch)
    expect(v.yaw).toBeLessThan(0)
    expect(v.yaw).toBeGreaterThan(-180)
  })
})

describe('zoom', () => {
  it('spreading the fingers zooms in so the image scales with them', () => {
    const fov = pinchFov(60, 100, 200)
    expect(fov).toBeLessThan(60)
    expect(Math.tan((fov * Math.PI) / 360)).toBeCloseTo(Math.tan(Math.PI / 6) / 2, 10)
  })

  it('keeps pinch and wheel within the fov limits', () => {
    expect(pinchFov(60, 100, 1000)).toBe(30)
    expect(pinchFov(60, 100, 10)).toBe(100)
    expect(pinchFov(60, 0, 10)).toBe(60)
    expect(scaleFov(90, 2)).toBe(100)
    expect(scaleFov(40, 0.5)).toBe(30)
  })

  it('wheel down zooms out, wheel up zooms in, a huge delta is tamed', () => {
    expect(wheelFactor(100)).toBeGreaterThan(1)
    expect(wheelFactor(-100)).toBeLessThan(1)
    expect(wheelFactor(10_000)).toBe(wheelFactor(200))
  })
})

describe('direction ↔ equirectangular position', () => {
  it('maps yaw 0 to the centre and yaw −180 to the left edge', () => {
    expect(directionToUv(0, 0)).toEqual({ u: 0.5, v: 0.5 })
    expect(directionToUv(-90, 90)).toEqual({ u: 0.25, v: 0 })
    expect(directionToUv(90, -45)).toEqual({ u: 0.75, v: 0.75 })
    // −180 and 180 are one direction; wrapYaw gives 180, the right edge, which joins the left edge.
    expect(uvToDirection(0, 0.5)).toEqual({ yaw: 180, pitch: 0 })
  })

  it('round-trips', () => {
    for (const [yaw, pitch] of [[0, 0], [45, 30], [-120, -60], [179, 89]] as const) {
      const { u, v } = directionToUv(yaw, pitch)
      const back = uvToDirection(u, v)
      expect(back.yaw).toBeCloseTo(yaw, 10)
      expect(back.pitch).toBeCloseTo(pitch, 10)
    }
  })
})

describe('animated turns', () => {
  it('takes the short way across ±180', () => {
    expect(shortestYawDelta(170, -170)).toBeCloseTo(20, 10)
    expect(shortestYawDelta(-170, 170)).toBeCloseTo(-20, 10)
    expect(shortestYawDelta(0, 90)).toBe(90)
    const mid = interpolateView({ yaw: 170, pitch: 0, fov: 60 }, { yaw: -170, pitch: 20, fov: 80 }, 0.5)
    expect(mid.yaw).toBeCloseTo(180, 10)
    expect(mid.pitch).toBeCloseTo(10, 10)
    expect(mid.fov).toBeCloseTo(70, 10)
  })

  it('eases from 0 to 1', () => {
    expect(easeInOut(0)).toBe(0)
    expect(easeInOut(0.5)).toBeCloseTo(0.5, 10)
    expect(easeInOut(1)).toBe(1)
    expect(easeInOut(2)).toBe(1)
  })

  it('takes longer for a longer turn, within bounds', () => {
    const a = { yaw: 0, pitch: 0, fov: 60 }
    expect(turnDurationMs(a, a)).toBe(250)
    expect(turnDurationMs(a, { ...a, yaw: 30 })).toBeLessThan(turnDurationMs(a, { ...a, yaw: 120 }))
    expect(turnDurationMs(a, { ...a, yaw: 180, fov: 100 })).toBeLessThanOrEqual(800)
  })
})

describe('camera rotation', () => {
  it('is orthonormal', () => {
    const m = viewRotation(37, -22)
    const col = (i: number) => [m[3 * i]!, m[3 * i + 1]!, m[3 * i + 2]!]
    const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!
    for (let i = 0; i < 3; i++) {
      expect(dot(col(i), col(i))).toBeCloseTo(1, 10)
      for (let j = i + 1; j < 3; j++) expect(dot(col(i), col(j))).toBeCloseTo(0, 10)
    }
  })

  it('looks where the view says at the centre of the screen', () => {
    for (const view of [{ yaw: 0, pitch: 0, fov: 60 }, { yaw: 120, pitch: 30, fov: 60 }, { yaw: -170, pitch: -80, fov: 90 }]) {
      const d = screenToDirection(0, 0, view, 16 / 9)
      expect(d.yaw).toBeCloseTo(view.yaw, 8)
      expect(d.pitch).toBeCloseTo(view.pitch, 8)
    }
  })

  it('shows more to the right on the right of the screen and the top edge at pitch + fov/2', () => {
    const view = { yaw: 10, pitch: 0, fov: 60 }
    expect(screenToDirection(0.5, 0, view, 1.5).yaw).toBeGreaterThan(10)
    expect(screenToDirection(0, 1, view, 1.5).pitch).toBeCloseTo(30, 8)
  })
})

describe('inertia', () => {
  it('keeps going the same way, slows down and stops within a second or two', () => {
    let state: ReturnType<typeof coast> = { view: { yaw: 0, pitch: 0, fov: 60 }, speed: { yaw: 0.5, pitch: 0 } }
    let steps = 0
    let last = 0
    while (state) {
      expect(state.view.yaw).toBeGreaterThanOrEqual(last)
      last = state.view.yaw
      state = coast(state.view, state.speed, 16)
      steps++
    }
    expect(steps).toBeLessThan(120)
    expect(last).toBeGreaterThan(50)
    expect(last).toBeLessThan(0.5 * 180 + 1)
  })

  it('does nothing when already slow', () => {
    expect(coast({ yaw: 0, pitch: 0, fov: 60 }, { yaw: 0.001, pitch: 0 }, 16)).toBeNull()
  })
})
