import { beforeEach, describe, expect, it } from 'vitest'
import type { ViewDirection } from '../domain/model'
import { createViewControls, type ViewControls } from './controls'
import { DEFAULT_LIMITS } from './view-math'

// Node has EventTarget and Event, which is all the controls listen with; the pointer fields are added per event.
function event(type: string, fields: Record<string, unknown>): Event {
  const e = new Event(type, { cancelable: true })
  for (const [k, v] of Object.entries(fields)) Object.defineProperty(e, k, { value: v })
  return e
}

const pointer = (type: string, id: number, x: number, y: number, t: number) =>
  event(type, { pointerId: id, clientX: x, clientY: y, timeStamp: t, pointerType: 'touch', button: 0 })

let el: EventTarget & { clientHeight: number; style: { touchAction?: string } }
let view: ViewDirection
let resets: number
let frames: number
let controls: ViewControls

function setUp(inertia = false) {
  el = Object.assign(new EventTarget(), { clientHeight: 600, style: {} })
  view = { yaw: 0, pitch: 0, fov: 60 }
  resets = 0
  frames = 0
  controls = createViewControls(
    el as unknown as HTMLElement,
    { getView: () => view, setView: (v) => (view = v), reset: () => resets++, requestFrame: () => frames++ },
    { limits: DEFAULT_LIMITS, inertia },
  )
}

beforeEach(() => setUp())

describe('view controls', () => {
  it('keeps the browser from panning or zooming the page on the canvas', () => {
    expect(el.style.touchAction).toBe('none')
  })

  it('drags: the image follows the finger', () => {
    el.dispatchEvent(pointer('pointerdown', 1, 100, 100, 0))
    el.dispatchEvent(pointer('pointermove', 1, 200, 150, 16))
    el.dispatchEvent(pointer('pointerup', 1, 200, 150, 32))
    expect(view.yaw).toBeLessThan(0)
    expect(view.pitch).toBeGreaterThan(0)
    expect(frames).toBe(0)
  })

  it('pinches to zoom and carries on dragging with the finger that stays', () => {
    el.dispatchEvent(pointer('pointerdown', 1, 100, 300, 0))
    el.dispatchEvent(pointer('pointerdown', 2, 200, 300, 1))
    el.dispatchEvent(pointer('pointermove', 2, 300, 300, 16))
    expect(view.fov).toBeLessThan(60)
    expect(view.yaw).toBe(0)
    el.dispatchEvent(pointer('pointerup', 2, 300, 300, 32))
    const fov = view.fov
    el.dispatchEvent(pointer('pointermove', 1, 50, 300, 48))
    expect(view.fov).toBe(fov)
    expect(view.yaw).toBeGreaterThan(0)
  })

  it('double tap resets; two taps far apart in time or place do not', () => {
    const tap = (x: number, t: number) => {
      el.dispatchEvent(pointer('pointerdown', 1, x, 100, t))
      el.dispatchEvent(pointer('pointerup', 1, x, 100, t + 50))
    }
    tap(100, 0)
    tap(102, 200)
    expect(resets).toBe(1)
    tap(100, 1000)
    tap(100, 2000)
    tap(300, 2200)
    expect(resets).toBe(1)
  })

  it('zooms with the wheel within limits and stops the page from scrolling', () => {
    const wheel = event('wheel', { deltaY: 100, deltaMode: 0 })
    el.dispatchEvent(wheel)
    expect(wheel.defaultPrevented).toBe(true)
    expect(view.fov).toBeGreaterThan(60)
    for (let i = 0; i < 50; i++) el.dispatchEvent(event('wheel', { deltaY: -100, deltaMode: 0 }))
    expect(view.fov).toBe(DEFAULT_LIMITS.minFov)
  })

  it('turns and zooms with keys, and leaves other keys alone', () => {
    const key = (k: string) => {
      const e = event('keydown', { key: k })
      el.dispatchEvent(e)
      return e.defaultPrevented
    }
    expect(key('ArrowRight')).toBe(true)
    expect(view.yaw).toBeGreaterThan(0)
    key('ArrowUp')
    expect(view.pitch).toBeGreaterThan(0)
    key('+')
    expect(view.fov).toBeLessThan(60)
    key('Home')
    expect(resets).toBe(1)
    expect(key('a')).toBe(false)
  })

  it('coasts after a flick and comes to rest', () => {
    setUp(true)
    el.dispatchEvent(pointer('pointerdown', 1, 300, 300, 0))
    for (let i = 1; i <= 5; i++) el.dispatchEvent(pointer('pointermove', 1, 300 - 30 * i, 300, 16 * i))
    el.dispatchEvent(pointer('pointerup', 1, 150, 300, 90))
    expect(frames).toBe(1)
    const released = view.yaw
    let t = 100
    let steps = 0
    while (controls.step(t)) {
      t += 16
      steps++
    }
    expect(view.yaw).toBeGreaterThan(released)
    expect(steps).toBeGreaterThan(3)
    expect(steps).toBeLessThan(200)
  })

  it('does not coast when the finger rested before lifting', () => {
    setUp(true)
    el.dispatchEvent(pointer('pointerdown', 1, 300, 300, 0))
    el.dispatchEvent(pointer('pointermove', 1, 200, 300, 16))
    el.dispatchEvent(pointer('pointerup', 1, 200, 300, 400))
    expect(frames).toBe(0)
    expect(controls.step(420)).toBe(false)
  })

  it('stops listening when disposed', () => {
    controls.dispose()
    el.dispatchEvent(pointer('pointerdown', 1, 100, 100, 0))
    el.dispatchEvent(pointer('pointermove', 1, 200, 100, 16))
    expect(view.yaw).toBe(0)
  })

  describe('while marking', () => {
    let sweeps: { start: { x: number; y: number }; end: { x: number; y: number } | null; done: boolean }[]
    beforeEach(() => {
      sweeps = []
      controls.dispose()
      controls = createViewControls(
        el as unknown as HTMLElement,
        {
          getView: () => view, setView: (v) => (view = v), reset: () => resets++, requestFrame: () => frames++,
          isMarking: () => true, sweep: (start, end, done) => sweeps.push({ start, end, done }),
        },
        { limits: DEFAULT_LIMITS, inertia: true },
      )
    })

    it('a drag sweeps across the picture instead of turning it, and ends where the finger lifts', () => {
      el.dispatchEvent(pointer('pointerdown', 1, 100, 300, 0))
      el.dispatchEvent(pointer('pointermove', 1, 200, 310, 16))
      el.dispatchEvent(pointer('pointerup', 1, 250, 310, 32))
      expect(view).toEqual({ yaw: 0, pitch: 0, fov: 60 })
      expect(sweeps).toEqual([
        { start: { x: 100, y: 300 }, end: { x: 200, y: 310 }, done: false },
        { start: { x: 100, y: 300 }, end: { x: 250, y: 310 }, done: true },
      ])
      expect(frames).toBe(0)
    })

    it('a second finger drops the sweep (no mark) and pinches as before', () => {
      el.dispatchEvent(pointer('pointerdown', 1, 100, 300, 0))
      el.dispatchEvent(pointer('pointermove', 1, 150, 300, 16))
      el.dispatchEvent(pointer('pointerdown', 2, 300, 300, 20))
      el.dispatchEvent(pointer('pointermove', 2, 400, 300, 32))
      expect(sweeps.at(-1)).toEqual({ start: { x: 100, y: 300 }, end: null, done: true })
      expect(view.fov).toBeLessThan(60)
    })

    it('a cancelled pointer marks nothing', () => {
      el.dispatchEvent(pointer('pointerdown', 1, 100, 300, 0))
      el.dispatchEvent(pointer('pointercancel', 1, 150, 300, 16))
      expect(sweeps).toEqual([{ start: { x: 100, y: 300 }, end: null, done: true }])
    })
  })
})
