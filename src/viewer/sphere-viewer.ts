/**
 * The 360° viewer: an equirectangular picture (live-preview bitmaps or a <video>) seen from inside.
 *
 * One full-screen triangle whose fragment shader turns each pixel's ray into equirectangular (u, v):
 * exact per pixel (a sphere mesh bends straight lines between its vertices and pinches at the
 * poles), three vertices instead of thousands, and no mipmaps, so nothing to regenerate per frame.
 * It draws only when something changed: a frame, input, a resize, an animated turn.
 */
import {
  BufferAttribute,
  BufferGeometry,
  Camera,
  ClampToEdgeWrapping,
  DataTexture,
  GLSL3,
  LinearFilter,
  Matrix3,
  Mesh,
  RawShaderMaterial,
  RGBAFormat,
  RepeatWrapping,
  Scene,
  Texture,
  UnsignedByteType,
  Vector2,
  VideoTexture,
  WebGLRenderer,
} from 'three'
import type { ViewDirection } from '../domain/model'
import { MAX_HIDDEN_SECTORS, sectorFromDrag, sectorWidth, type YawSector } from '../domain/sectors'
import { isPixelFrame, type PixelFrame } from './pixel-frame'
import { createViewControls, type ScreenPoint } from './controls'
import {
  DEFAULT_LIMITS,
  DEFAULT_VIEW,
  easeInOut,
  halfExtent,
  interpolateView,
  normalizeView,
  sameView,
  screenToDirection,
  turnDurationMs,
  viewRotation,
  type ViewLimits,
} from './view-math'

export type ViewerState = 'ready' | 'lost'

export type ViewerErrorCode = 'webglUnavailable'

/** The UI chooses its text from `code`; the message is for logs. */
export class ViewerError extends Error {
  readonly code: ViewerErrorCode
  constructor(code: ViewerErrorCode, options?: { cause?: unknown }) {
    super(`viewer ${code}`, options)
    this.name = 'ViewerError'
    this.code = code
  }
}

export interface SphereViewerOptions {
  /** Where the viewer looks first and where a double tap or Home returns to. */
  startView?: ViewDirection
  limits?: Partial<ViewLimits>
  /** Coast briefly after a flick (default true). */
  inertia?: boolean
  /** Cap on device pixels per CSS pixel: sharper costs battery (default 2). */
  maxPixelRatio?: number
}

export interface SphereViewerStats {
  renders: number
  /** Frames that reached the GPU. */
  framesUploaded: number
  /** Bitmaps replaced by a newer one before they were drawn. */
  framesSkipped: number
  /** Main-thread time spent in render calls (uploads included), ms in total. */
  renderMs: number
}

export interface SphereViewer {
  /**
   * Shows a decoded frame: RGBA pixels (the live preview's, cheap to upload) or a bitmap, which the
   * viewer owns from now on and closes when done.
   */
  setFrame(frame: ImageBitmap | PixelFrame): void
  /** Shows a video, drawn once per new video frame; null shows nothing. */
  setVideo(video: HTMLVideoElement | null): void
  /** Parts of the room kept out of view: blacked out in every drawn frame (at most MAX_HIDDEN_SECTORS). */
  setHiddenSectors(sectors: readonly YawSector[]): void
  /**
   * While marking, a one-finger drag sweeps a yaw sector (the short way round) instead of turning:
   * it is blacked out as it grows and reported to `onMark`; keys, wheel and pinch still look around.
   */
  setMarking(marking: boolean): void
  /** The sector swept so far (`done` once the finger lifts; null when the sweep was cancelled). */
  onMark(cb: (sector: YawSector | null, done: boolean) => void): () => void
  getView(): ViewDirection
  setView(view: ViewDirection, options?: { animate?: boolean }): void
  /** Called at most once per drawn frame with the view shown; returns a function that unsubscribes. */
  onViewChange(cb: (view: ViewDirection) => void): () => void
  onStateChange(cb: (state: ViewerState) => void): () => void
  readonly state: ViewerState
  /** Call when the canvas's CSS size changed. */
  resize(): void
  /**
   * Draws the current picture at `width` × `height` pixels and returns it as a JPEG data URL (for a
   * report). Read in the same task as the draw, so the drawing buffer need not be kept.
   */
  snapshot(width: number, height: number, quality?: number): string
  stats(): SphereViewerStats
  /** Frees the GPU context; the canvas is not reused after this. */
  dispose(): void
}

const DEG = Math.PI / 180

const VERTEX_SHADER = /* glsl */ `
in vec3 position;
out vec2 ndc;
void main() {
  ndc = position.xy;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}`

const FRAGMENT_SHADER = /* glsl */ `
precision highp float;
uniform sampler2D map;
uniform mat3 rotation;
uniform vec2 halfExtent;
// Sectors kept out of view: (start, width) in radians, clockwise; the first hiddenCount count.
uniform vec2 hidden[${MAX_HIDDEN_SECTORS}];
uniform int hiddenCount;
in vec2 ndc;
out vec4 color;
const float PI = 3.141592653589793;
void main() {
  vec3 ray = normalize(rotation * vec3(ndc * halfExtent, -1.0));
  float yaw = atan(ray.x, -ray.z);
  for (int i = 0; i < hiddenCount; i++) {
    if (mod(yaw - hidden[i].x, 2.0 * PI) < hidden[i].y) {
      color = vec4(0.0, 0.0, 0.0, 1.0);
      return;
    }
  }
  // Same mapping as view-math directionToUv: yaw 0 at u = 0.5, v = 0 at the top row.
  vec2 uv = vec2(0.5 + yaw / (2.0 * PI), 0.5 - asin(clamp(ray.y, -1.0, 1.0)) / PI);
  color = texture(map, uv);
}`

/** Bitmaps and video frames arrive top row first (flipY is ignored for ImageBitmap), so both keep it. */
function configure<T extends Texture<unknown>>(texture: T): T {
  texture.flipY = false
  texture.generateMipmaps = false
  texture.wrapS = RepeatWrapping
  texture.wrapT = ClampToEdgeWrapping
  texture.minFilter = LinearFilter
  texture.magFilter = LinearFilter
  return texture
}

export function createSphereViewer(canvas: HTMLCanvasElement, options: SphereViewerOptions = {}): SphereViewer {
  const limits: ViewLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const startView = normalizeView(options.startView ?? DEFAULT_VIEW, limits)
  const maxPixelRatio = options.maxPixelRatio ?? 2

  let renderer: WebGLRenderer
  try {
    renderer = new WebGLRenderer({ canvas, antialias: false, alpha: false, depth: false, stencil: false, powerPreference: 'low-power' })
  } catch (cause) {
    throw new ViewerError('webglUnavailable', { cause })
  }

  // A triangle that covers the screen: cheaper than a quad's two, and no diagonal seam.
  const geometry = new BufferGeometry()
  geometry.setAttribute('position', new BufferAttribute(new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), 3))
  const frameTexture = configure(new Texture<ImageBitmap | null>(null))
  const pixelTexture = configure(new DataTexture(null, 1, 1, RGBAFormat, UnsignedByteType))
  const uniforms = {
    map: { value: frameTexture as Texture<unknown> },
    rotation: { value: new Matrix3() },
    halfExtent: { value: new Vector2() },
    hidden: { value: Array.from({ length: MAX_HIDDEN_SECTORS }, () => new Vector2()) },
    hiddenCount: { value: 0 },
  }
  const material = new RawShaderMaterial({ glslVersion: GLSL3, vertexShader: VERTEX_SHADER, fragmentShader: FRAGMENT_SHADER, uniforms, depthTest: false, depthWrite: false })
  const mesh = new Mesh(geometry, material)
  mesh.frustumCulled = false
  mesh.visible = false
  const scene = new Scene()
  scene.add(mesh)
  const camera = new Camera()

  let view = startView
  let lastEmitted: ViewDirection | null = null
  let turn: { from: ViewDirection; to: ViewDirection; start: number; duration: number } | null = null
  let aspect = 1
  let state: ViewerState = 'ready'
  let rafId = 0
  let disposed = false
  let pendingUpload = false
  const counts: SphereViewerStats = { renders: 0, framesUploaded: 0, framesSkipped: 0, renderMs: 0 }
  const viewListeners = new Set<(view: ViewDirection) => void>()
  const stateListeners = new Set<(state: ViewerState) => void>()
  const markListeners = new Set<(sector: YawSector | null, done: boolean) => void>()
  let hiddenSectors: readonly YawSector[] = []
  let marking = false
  // The sector being swept: shown black with the kept ones until the finger lifts.
  let sweeping: YawSector | null = null

  let video: HTMLVideoElement | null = null
  let videoTexture: VideoTexture | null = null
  let videoCallbackId = 0

  const invalidate = (): void => {
    if (!rafId && !disposed) rafId = requestAnimationFrame(frame)
  }

  const showView = (next: ViewDirection): void => {
    turn = null
    if (sameView(next, view)) return
    view = next
    invalidate()
  }

  const setView = (target: ViewDirection, opts: { animate?: boolean } = {}): void => {
    controls.stop()
    const to = normalizeView(target, limits)
    if (!opts.animate || sameView(to, view)) return showView(to)
    turn = { from: view, to, start: performance.now(), duration: turnDurationMs(view, to) }
    invalidate()
  }

  const controls = createViewControls(
    canvas,
    { getView: () => view, setView: showView, reset: () => setView(startView, { animate: true }), requestFrame: invalidate, isMarking: () => marking, sweep },
    { limits, inertia: options.inertia ?? true },
  )

  function yawAt(point: ScreenPoint): number {
    const rect = canvas.getBoundingClientRect()
    const ndcX = ((point.x - rect.left) / Math.max(1, rect.width)) * 2 - 1
    const ndcY = 1 - ((point.y - rect.top) / Math.max(1, rect.height)) * 2
    return screenToDirection(ndcX, ndcY, view, aspect).yaw
  }

  function sweep(start: ScreenPoint, end: ScreenPoint | null, done: boolean): void {
    const sector = end ? sectorFromDrag(yawAt(start), yawAt(end)) : null
    sweeping = done ? null : sector
    showSectors()
    for (const cb of markListeners) cb(sector, done)
  }

  function showSectors(): void {
    const shown = (sweeping ? [...hiddenSectors, sweeping] : hiddenSectors).slice(0, MAX_HIDDEN_SECTORS)
    for (const [i, sector] of shown.entries()) uniforms.hidden.value[i]!.set(sector.fromYaw * DEG, sectorWidth(sector) * DEG)
    uniforms.hiddenCount.value = shown.length
    invalidate()
  }

  // Without requestVideoFrameCallback (older Safari) a playing video is polled once per animation frame.
  const hasFrameCallback = (v: HTMLVideoElement): boolean => typeof v.requestVideoFrameCallback === 'function'
  const pollsVideo = (): boolean => !!video && !hasFrameCallback(video) && !video.paused && !video.ended

  function frame(now: number): void {
    rafId = 0
    let again = controls.step(now)
    if (turn) {
      const t = (now - turn.start) / turn.duration
      view = t >= 1 ? turn.to : interpolateView(turn.from, turn.to, easeInOut(t))
      if (t >= 1) turn = null
      else again = true
    }
    if (pollsVideo()) {
      videoFrameArrived()
      again = true
    }
    draw()
    if (again) invalidate()
  }

  function draw(): void {
    if (state === 'lost') return
    viewRotation(view.yaw, view.pitch, uniforms.rotation.value.elements)
    halfExtent(view.fov, aspect, uniforms.halfExtent.value)
    const started = performance.now()
    renderer.render(scene, camera)
    counts.renderMs += performance.now() - started
    counts.renders++
    if (pendingUpload) counts.framesUploaded++
    pendingUpload = false
    if (!lastEmitted || !sameView(lastEmitted, view)) {
      lastEmitted = view
      for (const cb of viewListeners) cb({ ...view })
    }
  }

  function showPixels(frame: PixelFrame): void {
    if (disposed) return
    detachVideo()
    closeFrame()
    const image = pixelTexture.image
    // Storage is allocated once per size, as for bitmaps; the same size reuses it.
    if (image.width !== frame.width || image.height !== frame.height) pixelTexture.dispose()
    else if (pendingUpload && uniforms.map.value === pixelTexture) counts.framesSkipped++
    pixelTexture.image = { data: frame.pixels, width: frame.width, height: frame.height }
    pixelTexture.needsUpdate = true
    uniforms.map.value = pixelTexture
    pendingUpload = true
    mesh.visible = true
    invalidate()
  }

  function closeFrame(): void {
    const bitmap = frameTexture.image
    if (!bitmap) return
    if (pendingUpload) counts.framesSkipped++
    bitmap.close()
    frameTexture.image = null
  }

  function videoFrameArrived(): void {
    if (!video || !videoTexture || video.readyState < video.HAVE_CURRENT_DATA) return
    videoTexture.needsUpdate = true
    pendingUpload = true
    mesh.visible = true
    invalidate()
  }

  function onVideoFrame(): void {
    if (!video) return
    videoFrameArrived()
    videoCallbackId = video.requestVideoFrameCallback(onVideoFrame)
  }

  const videoEvents = ['loadeddata', 'seeked', 'play'] as const

  function detachVideo(): void {
    if (!video) return
    if (videoCallbackId) video.cancelVideoFrameCallback(videoCallbackId)
    videoCallbackId = 0
    for (const type of videoEvents) video.removeEventListener(type, videoFrameArrived)
    videoTexture?.dispose()
    videoTexture = null
    video = null
  }

  const onContextLost = (e: Event): void => {
    // Without preventDefault the browser never offers the context back.
    e.preventDefault()
    setState('lost')
  }
  const onContextRestored = (): void => {
    // three.js rebuilds its GL objects on restore; our textures re-upload from the kept bitmap or video.
    setState('ready')
    pendingUpload = mesh.visible
    resize()
    invalidate()
  }
  canvas.addEventListener('webglcontextlost', onContextLost)
  canvas.addEventListener('webglcontextrestored', onContextRestored)

  function setState(next: ViewerState): void {
    if (state === next) return
    state = next
    for (const cb of stateListeners) cb(next)
  }

  function resize(): void {
    const width = canvas.clientWidth
    const height = canvas.clientHeight
    if (!width || !height || disposed) return
    renderer.setPixelRatio(Math.min(globalThis.devicePixelRatio || 1, maxPixelRatio))
    renderer.setSize(width, height, false)
    aspect = width / height
    invalidate()
  }

  resize()

  return {
    setFrame(frame) {
      if (isPixelFrame(frame)) return showPixels(frame)
      const bitmap = frame
      if (disposed) return bitmap.close()
      detachVideo()
      const previous = frameTexture.image
      // The texture's storage is allocated once per size (texStorage2D): a new size needs a new one.
      if (previous && (previous.width !== bitmap.width || previous.height !== bitmap.height)) frameTexture.dispose()
      closeFrame()
      frameTexture.image = bitmap
      frameTexture.needsUpdate = true
      uniforms.map.value = frameTexture
      pendingUpload = true
      mesh.visible = true
      invalidate()
    },
    setVideo(next) {
      if (disposed || next === video) return
      detachVideo()
      closeFrame()
      mesh.visible = false
      invalidate()
      if (!next) return
      video = next
      videoTexture = configure(new VideoTexture(next))
      uniforms.map.value = videoTexture
      for (const type of videoEvents) next.addEventListener(type, videoFrameArrived)
      if (hasFrameCallback(next)) videoCallbackId = next.requestVideoFrameCallback(onVideoFrame)
      videoFrameArrived()
    },
    setHiddenSectors(sectors) {
      hiddenSectors = [...sectors]
      showSectors()
    },
    setMarking(next) {
      marking = next
    },
    onMark(cb) {
      markListeners.add(cb)
      return () => markListeners.delete(cb)
    },
    getView: () => ({ ...view }),
    setView,
    onViewChange(cb) {
      viewListeners.add(cb)
      return () => viewListeners.delete(cb)
    },
    onStateChange(cb) {
      stateListeners.add(cb)
      return () => stateListeners.delete(cb)
    },
    get state() {
      return state
    },
    resize,
    snapshot(width, height, quality = 0.85) {
      renderer.setPixelRatio(1)
      renderer.setSize(width, height, false)
      aspect = width / height
      draw()
      const url = canvas.toDataURL('image/jpeg', quality)
      resize()
      return url
    },
    stats: () => ({ ...counts }),
    dispose() {
      if (disposed) return
      disposed = true
      cancelAnimationFrame(rafId)
      controls.dispose()
      detachVideo()
      closeFrame()
      canvas.removeEventListener('webglcontextlost', onContextLost)
      canvas.removeEventListener('webglcontextrestored', onContextRestored)
      frameTexture.dispose()
      pixelTexture.dispose()
      material.dispose()
      geometry.dispose()
      renderer.dispose()
      // Browsers keep only a few live contexts; give this one back now rather than at garbage collection.
      renderer.forceContextLoss()
      viewListeners.clear()
      stateListeners.clear()
      markListeners.clear()
    },
  }
}
