/**
 * The pure geometry of the 360° viewer, in degrees like `ViewDirection`: yaw 0 is the centre of the
 * equirectangular image and grows to the right, pitch grows upwards, fov is the vertical field of view.
 */
import type { ViewDirection } from '../domain/model'

export interface ViewLimits {
  minFov: number
  maxFov: number
  /** |pitch| stays below this so the camera never flips over a pole. */
  maxPitch: number
}

export const DEFAULT_LIMITS: ViewLimits = { minFov: 30, maxFov: 100, maxPitch: 85 }
export const DEFAULT_VIEW: ViewDirection = { yaw: 0, pitch: 0, fov: 75 }

const RAD = Math.PI / 180

export function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x))
}

/** Yaw in (−180, 180]. */
export function wrapYaw(yaw: number): number {
  const w = ((((yaw + 180) % 360) + 360) % 360) - 180
  return w === -180 ? 180 : w
}

export function normalizeView(view: ViewDirection, limits: ViewLimits = DEFAULT_LIMITS): ViewDirection {
  return {
    yaw: wrapYaw(view.yaw),
    pitch: clamp(view.pitch, -limits.maxPitch, limits.maxPitch),
    fov: clamp(view.fov, limits.minFov, limits.maxFov),
  }
}

export function sameView(a: ViewDirection, b: ViewDirection, epsilon = 1e-6): boolean {
  return (
    Math.abs(shortestYawDelta(a.yaw, b.yaw)) <= epsilon &&
    Math.abs(a.pitch - b.pitch) <= epsilon &&
    Math.abs(a.fov - b.fov) <= epsilon
  )
}

/** Degrees of view per CSS pixel at the centre of the screen, where the finger usually is. */
export function degreesPerPixel(fov: number, heightPx: number): number {
  return Math.atan((2 * Math.tan((fov * RAD) / 2)) / Math.max(1, heightPx)) / RAD
}

/** A drag of (dx, dy) CSS pixels: the image follows the finger, so dragging right looks left. */
export function dragView(view: ViewDirection, dx: number, dy: number, heightPx: number, limits = DEFAULT_LIMITS): ViewDirection {
  const k = degreesPerPixel(view.fov, heightPx)
  return normalizeView({ yaw: view.yaw - dx * k, pitch: view.pitch + dy * k, fov: view.fov }, limits)
}

/** Fingers spread from `startDistance` to `distance`: the image scales with them (tan(fov/2) ∝ 1/scale). */
export function pinchFov(startFov: number, startDistance: number, distance: number, limits = DEFAULT_LIMITS): number {
  if (startDistance <= 0 || distance <= 0) return clamp(startFov, limits.minFov, limits.maxFov)
  const t = (Math.tan((startFov * RAD) / 2) * startDistance) / distance
  return clamp((2 * Math.atan(t)) / RAD, limits.minFov, limits.maxFov)
}

/** Zoom by a factor on fov (wheel notch, + and − keys): > 1 zooms out. */
export function scaleFov(fov: number, factor: number, limits = DEFAULT_LIMITS): number {
  return clamp(fov * factor, limits.minFov, limits.maxFov)
}

/** A wheel's deltaY (pixels; lines and pages are converted by the caller) as a fov factor. */
export function wheelFactor(deltaY: number): number {
  return Math.exp(clamp(deltaY, -200, 200) * 0.0015)
}

/** Texture coordinates of a direction: u 0…1 left to right (yaw −180 ↔ 0, yaw 0 ↔ 0.5), v 0 at the top. */
export function directionToUv(yaw: number, pitch: number): { u: number; v: number } {
  return { u: 0.5 + wrapYaw(yaw) / 360, v: 0.5 - clamp(pitch, -90, 90) / 180 }
}

export function uvToDirection(u: number, v: number): { yaw: number; pitch: number } {
  return { yaw: wrapYaw((u - 0.5) * 360), pitch: clamp((0.5 - v) * 180, -90, 90) }
}

/** Signed yaw turn in (−180, 180] from `from` to `to`: the short way round, across ±180 if shorter. */
export function shortestYawDelta(from: number, to: number): number {
  return wrapYaw(to - from)
}

/** Ease in and out, t in [0, 1]. */
export function easeInOut(t: number): number {
  const c = clamp(t, 0, 1)
  return c < 0.5 ? 4 * c * c * c : 1 - (-2 * c + 2) ** 3 / 2
}

/** The view a fraction t of the way from a to b, turning the short way round. */
export function interpolateView(a: ViewDirection, b: ViewDirection, t: number): ViewDirection {
  return {
    yaw: wrapYaw(a.yaw + shortestYawDelta(a.yaw, b.yaw) * t),
    pitch: a.pitch + (b.pitch - a.pitch) * t,
    fov: a.fov + (b.fov - a.fov) * t,
  }
}

/** How long an animated turn takes: longer for a longer turn, within a quick, calm range. */
export function turnDurationMs(a: ViewDirection, b: ViewDirection): number {
  const angle = Math.max(Math.abs(shortestYawDelta(a.yaw, b.yaw)), Math.abs(b.pitch - a.pitch), Math.abs(b.fov - a.fov))
  return clamp(250 + angle * 3, 250, 800)
}

/**
 * Camera rotation as a column-major 3×3 matrix (for a GLSL mat3): pitch about x, then yaw about −y,
 * so the camera's forward −z ends up at (sin yaw · cos pitch, sin pitch, −cos yaw · cos pitch).
 */
export function viewRotation(yaw: number, pitch: number, out: Float32Array | number[] = new Array<number>(9)): Float32Array | number[] {
  const cy = Math.cos(yaw * RAD)
  const sy = Math.sin(yaw * RAD)
  const cp = Math.cos(pitch * RAD)
  const sp = Math.sin(pitch * RAD)
  // Columns are the images of the camera's x, y and z axes.
  out[0] = cy
  out[1] = 0
  out[2] = sy
  out[3] = -sy * sp
  out[4] = cp
  out[5] = cy * sp
  out[6] = -sy * cp
  out[7] = -sp
  out[8] = cy * cp
  return out
}

/** Half the size of the image plane at distance 1: x = tan(fov/2) · aspect, y = tan(fov/2). Writes into `out` (no garbage per frame). */
export function halfExtent<T extends { x: number; y: number }>(fov: number, aspect: number, out: T): T {
  out.y = Math.tan((fov * RAD) / 2)
  out.x = out.y * aspect
  return out
}

/**
 * The direction seen at a point of the screen, in normalised device coordinates (−1…1, y up):
 * the same sum the fragment shader does, so a tap can be turned into a direction.
 */
export function screenToDirection(ndcX: number, ndcY: number, view: ViewDirection, aspect: number): { yaw: number; pitch: number } {
  const m = viewRotation(view.yaw, view.pitch)
  const h = halfExtent(view.fov, aspect, { x: 0, y: 0 })
  const cx = ndcX * h.x
  const cy = ndcY * h.y
  const x = m[0]! * cx + m[3]! * cy - m[6]!
  const y = m[1]! * cx + m[4]! * cy - m[7]!
  const z = m[2]! * cx + m[5]! * cy - m[8]!
  const len = Math.hypot(x, y, z)
  return { yaw: Math.atan2(x, -z) / RAD, pitch: Math.asin(y / len) / RAD }
}

export interface YawPitchSpeed {
  /** Degrees per millisecond. */
  yaw: number
  pitch: number
}

/** Inertia fades with this time constant and stops below the minimum speed: never an endless animation. */
export const COAST_TIME_MS = 180
export const COAST_MIN_SPEED = 0.005

/** One step of inertia after a flick: the view `dt` ms later and the speed left, or null once it has stopped. */
export function coast(view: ViewDirection, speed: YawPitchSpeed, dt: number, limits = DEFAULT_LIMITS): { view: ViewDirection; speed: YawPitchSpeed } | null {
  if (Math.hypot(speed.yaw, speed.pitch) < COAST_MIN_SPEED) return null
  // The distance covered is the integral of the decaying speed over dt.
  const decay = Math.exp(-dt / COAST_TIME_MS)
  const travelled = COAST_TIME_MS * (1 - decay)
  return {
    view: normalizeView({ yaw: view.yaw + speed.yaw * travelled, pitch: view.pitch + speed.pitch * travelled, fov: view.fov }, limits),
    speed: { yaw: speed.yaw * decay, pitch: speed.pitch * decay },
  }
}
