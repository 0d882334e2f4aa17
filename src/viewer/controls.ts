/**
 * Input for the 360° viewer: one-finger drag, two-finger pinch, wheel, double tap, keys, inertia.
 * It turns DOM events into views through view-math and hands them to its host; it never renders.
 * While the host is marking, a one-finger drag is a sweep across the picture instead of a turn.
 */
import type { ViewDirection } from '../domain/model'
import { coast, dragView, normalizeView, pinchFov, scaleFov, shortestYawDelta, wheelFactor, type ViewLimits, type YawPitchSpeed } from './view-math'

export interface ControlsHost {
  getView(): ViewDirection
  /** Show this view now; input wins over a running animated turn. */
  setView(view: ViewDirection): void
  /** Back to the start view (double tap, Home key). */
  reset(): void
  /** One more animation frame, in which the host calls `step`. */
  requestFrame(): void
  /** Whether a one-finger drag marks (sweeps) instead of looking around. */
  isMarking?(): boolean
  /** A sweep from `start` to `end` (client pixels) as it goes; `end` null when it was cancelled. */
  sweep?(start: ScreenPoint, end: ScreenPoint | null, done: boolean): void
}

export interface ScreenPoint {
  x: number
  y: number
}

export interface ViewControls {
  /** Advance inertia to `now` (ms, the rAF clock); true while it still moves. */
  step(now: number): boolean
  /** Stop coasting, e.g. when the view is set from outside. */
  stop(): void
  dispose(): void
}

export interface ControlsOptions {
  limits: ViewLimits
  inertia: boolean
}

// A tap moves less than this and is quick; two of them close together are a double tap.
const TAP_SLOP_PX = 10
const TAP_MAX_MS = 300
const DOUBLE_TAP_MS = 350
const DOUBLE_TAP_SLOP_PX = 40
// A flick must end in motion: a finger that rested this long before lifting does not coast.
const FLICK_REST_MS = 60
const KEY_TURN_OF_FOV = 1 / 8
const KEY_ZOOM = 1.15
const LINE_PX = 16

interface Tap {
  x: number
  y: number
  t: number
}

export function createViewControls(el: HTMLElement, host: ControlsHost, options: ControlsOptions): ViewControls {
  const { limits } = options
  const pointers = new Map<number, { x: number; y: number }>()
  let down: Tap | null = null
  let sweepFrom: ScreenPoint | null = null
  let moved = false
  let lastTap: Tap | null = null
  let pinch: { distance: number; fov: number } | null = null
  let lastMoveAt = 0
  let speed: YawPitchSpeed = { yaw: 0, pitch: 0 }
  let coasting = false
  let lastStepAt: number | null = null

  const spread = (): number => {
    const [a, b] = [...pointers.values()]
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0
  }

  const stop = (): void => {
    coasting = false
    lastStepAt = null
  }

  const endSweep = (end: ScreenPoint | null): void => {
    if (sweepFrom) host.sweep?.(sweepFrom, end, true)
    sweepFrom = null
  }

  const onPointerDown = (e: PointerEvent): void => {
    if (e.pointerType === 'mouse' && e.button !== 0) return
    el.setPointerCapture?.(e.pointerId)
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY })
    stop()
    speed = { yaw: 0, pitch: 0 }
    if (pointers.size === 1) {
      down = { x: e.clientX, y: e.clientY, t: e.timeStamp }
      moved = false
      if (host.isMarking?.()) sweepFrom = { x: e.clientX, y: e.clientY }
    } else {
      // A second finger makes it a pinch: the sweep begun is dropped, not marked.
      endSweep(null)
      down = null
      pinch = pointers.size === 2 ? { distance: spread(), fov: host.getView().fov } : null
    }
  }

  const onPointerMove = (e: PointerEvent): void => {
    const p = pointers.get(e.pointerId)
    if (!p) return
    const dx = e.clientX - p.x
    const dy = e.clientY - p.y
    p.x = e.clientX
    p.y = e.clientY
    if (down && Math.hypot(e.clientX - down.x, e.clientY - down.y) > TAP_SLOP_PX) moved = true
    if (sweepFrom) return host.sweep?.(sweepFrom, { x: e.clientX, y: e.clientY }, false)
    const view = host.getView()
    if (pinch) {
      host.setView({ ...view, fov: pinchFov(pinch.fov, pinch.distance, spread(), limits) })
    } else if (pointers.size === 1 && (dx !== 0 || dy !== 0)) {
      const next = dragView(view, dx, dy, el.clientHeight, limits)
      const dt = e.timeStamp - lastMoveAt
      if (dt > 0 && dt < 100) {
        // Smooth over the last few moves: one jittery event must not decide the flick.
        speed = {
          yaw: 0.5 * speed.yaw + (0.5 * shortestYawDelta(view.yaw, next.yaw)) / dt,
          pitch: 0.5 * speed.pitch + (0.5 * (next.pitch - view.pitch)) / dt,
        }
      }
      lastMoveAt = e.timeStamp
      host.setView(next)
    }
  }

  const onPointerUp = (e: PointerEvent): void => {
    if (!pointers.delete(e.pointerId)) return
    if (pointers.size > 0) {
      // One finger of a pinch lifted: the other carries on as a drag from where it is, without a jump.
      pinch = null
      speed = { yaw: 0, pitch: 0 }
      return
    }
    pinch = null
    if (sweepFrom) {
      endSweep(e.type === 'pointerup' ? { x: e.clientX, y: e.clientY } : null)
      down = null
      return
    }
    if (e.type === 'pointerup' && down && !moved && e.timeStamp - down.t < TAP_MAX_MS) {
      const tap = { x: e.clientX, y: e.clientY, t: e.timeStamp }
      const isDouble = lastTap && tap.t - lastTap.t < DOUBLE_TAP_MS && Math.hypot(tap.x - lastTap.x, tap.y - lastTap.y) < DOUBLE_TAP_SLOP_PX
      lastTap = isDouble ? null : tap
      if (isDouble) host.reset()
    } else if (options.inertia && moved && e.timeStamp - lastMoveAt < FLICK_REST_MS) {
      coasting = true
      host.requestFrame()
    }
    down = null
  }

  const onWheel = (e: WheelEvent): void => {
    e.preventDefault()
    const px = e.deltaMode === 1 ? e.deltaY * LINE_PX : e.deltaMode === 2 ? e.deltaY * el.clientHeight : e.deltaY
    const view = host.getView()
    stop()
    host.setView({ ...view, fov: scaleFov(view.fov, wheelFactor(px), limits) })
  }

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return
    const view = host.getView()
    const turn = view.fov * KEY_TURN_OF_FOV
    const zoomIn = () => host.setView({ ...view, fov: scaleFov(view.fov, 1 / KEY_ZOOM, limits) })
    const keyed: Record<string, () => void> = {
      ArrowLeft: () => host.setView(normalizeView({ ...view, yaw: view.yaw - turn }, limits)),
      ArrowRight: () => host.setView(normalizeView({ ...view, yaw: view.yaw + turn }, limits)),
      ArrowUp: () => host.setView(normalizeView({ ...view, pitch: view.pitch + turn }, limits)),
      ArrowDown: () => host.setView(normalizeView({ ...view, pitch: view.pitch - turn }, limits)),
      '+': zoomIn,
      // '=' is '+' without Shift on most keyboards.
      '=': zoomIn,
      '-': () => host.setView({ ...view, fov: scaleFov(view.fov, KEY_ZOOM, limits) }),
      Home: () => host.reset(),
    }
    const action = keyed[e.key]
    if (!action) return
    e.preventDefault()
    stop()
    action()
  }

  // Without this the browser takes one-finger pans and pinches for scrolling and page zoom.
  el.style.touchAction = 'none'
  const listeners = [
    ['pointerdown', onPointerDown],
    ['pointermove', onPointerMove],
    ['pointerup', onPointerUp],
    ['pointercancel', onPointerUp],
    ['wheel', onWheel],
    ['keydown', onKeyDown],
  ] as const
  for (const [type, fn] of listeners) el.addEventListener(type, fn as EventListener, { passive: type !== 'wheel' && type !== 'keydown' })

  return {
    step(now) {
      if (!coasting) return false
      const dt = lastStepAt === null ? 16 : Math.min(now - lastStepAt, 100)
      lastStepAt = now
      const next = coast(host.getView(), speed, dt, limits)
      if (!next) {
        stop()
        return false
      }
      speed = next.speed
      host.setView(next.view)
      return true
    },
    stop,
    dispose() {
      for (const [type, fn] of listeners) el.removeEventListener(type, fn as EventListener)
      pointers.clear()
      stop()
    },
  }
}
