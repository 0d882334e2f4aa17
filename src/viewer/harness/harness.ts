/**
 * A page for driving the viewer in a real browser (viewer.check.ts): a generated equirectangular test
 * picture, the viewer, the preview decoder, and measurements exposed on `window.harness`.
 */
import type { ViewDirection } from '../../domain/model'
import { createPreviewDecoder } from '../preview-decoder'
import { createSphereViewer } from '../sphere-viewer'

const WIDTH = 1024
const HEIGHT = 512

/** Hue by longitude (yaw 0, the centre, is cyan), darker towards the bottom, lines every 30°. */
function drawTestImage(): HTMLCanvasElement {
  const c = document.createElement('canvas')
  c.width = WIDTH
  c.height = HEIGHT
  const g = c.getContext('2d')!
  for (let x = 0; x < WIDTH; x++) {
    g.fillStyle = `hsl(${(x / WIDTH) * 360} 90% 50%)`
    g.fillRect(x, 0, 1, HEIGHT)
  }
  const shade = g.createLinearGradient(0, 0, 0, HEIGHT)
  shade.addColorStop(0, 'rgba(255,255,255,0.5)')
  shade.addColorStop(0.4, 'rgba(0,0,0,0)')
  shade.addColorStop(0.6, 'rgba(0,0,0,0)')
  shade.addColorStop(1, 'rgba(0,0,0,0.6)')
  g.fillStyle = shade
  g.fillRect(0, 0, WIDTH, HEIGHT)
  g.fillStyle = '#000'
  for (let i = 0; i <= 12; i++) g.fillRect(Math.round((i * WIDTH) / 12) - (i === 6 ? 2 : 1), 0, i === 6 ? 4 : 2, HEIGHT)
  for (let i = 0; i <= 6; i++) g.fillRect(0, Math.round((i * HEIGHT) / 6) - (i === 3 ? 2 : 1), WIDTH, i === 3 ? 4 : 2)
  g.font = 'bold 28px sans-serif'
  g.textAlign = 'center'
  for (const yaw of [-150, -90, -30, 30, 90, 150]) g.fillText(`${yaw}°`, ((yaw + 180) / 360) * WIDTH, HEIGHT / 2 - 12)
  return c
}

const testImage = drawTestImage()
const jpeg = new Uint8Array(await (await new Promise<Blob>((r) => testImage.toBlob((b) => r(b!), 'image/jpeg', 0.85))).arrayBuffer())

const canvas = document.querySelector<HTMLCanvasElement>('#viewer')!
const viewer = createSphereViewer(canvas, { startView: { yaw: 0, pitch: 0, fov: 75 } })
const views: ViewDirection[] = []
viewer.onViewChange((v) => views.push(v))
viewer.setFrame(await createImageBitmap(testImage))

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}
const round = (x: number) => Math.round(x * 100) / 100

// Fetched up front: a lost context hands out no extensions.
const contextLoss = canvas.getContext('webgl2')!.getExtension('WEBGL_lose_context')!

/** Live preview as it will run: JPEG bytes at `fps` → worker → bitmap → viewer. */
async function benchPreview(frames: number, fps: number) {
  const decoder = createPreviewDecoder()
  const latency: number[] = []
  const setFrameMs: number[] = []
  const before = viewer.stats()
  decoder.onFrame((bitmap, meta) => {
    latency.push(meta.decodedAt - meta.receivedAt)
    const t0 = performance.now()
    viewer.setFrame(bitmap)
    setFrameMs.push(performance.now() - t0)
  })
  const started = performance.now()
  for (let i = 0; i < frames; i++) {
    decoder.push(jpeg)
    await sleep(Math.max(0, started + ((i + 1) * 1000) / fps - performance.now()))
  }
  await sleep(300)
  const after = viewer.stats()
  const d = decoder.stats()
  decoder.dispose()
  const renders = after.renders - before.renders
  const renderMs = after.renderMs - before.renderMs
  return {
    pushed: d.pushed,
    decoded: d.decoded,
    droppedInWorker: d.dropped,
    workerDecodeMs: round(d.decodeMs),
    latencyP50: round(percentile(latency, 50)),
    latencyP95: round(percentile(latency, 95)),
    setFrameMsP50: round(percentile(setFrameMs, 50)),
    setFrameMsP95: round(percentile(setFrameMs, 95)),
    renders,
    framesUploaded: after.framesUploaded - before.framesUploaded,
    framesSkipped: after.framesSkipped - before.framesSkipped,
    renderMsPerFrame: round(renderMs / Math.max(1, renders)),
    mainThreadMsPerFrame: round(renderMs / Math.max(1, renders) + percentile(setFrameMs, 50)),
    seconds: round((performance.now() - started) / 1000),
  }
}

/** A short recorded video of the test picture with its hue turning, to check the <video> source. */
async function makeVideo(seconds: number): Promise<HTMLVideoElement> {
  const c = document.createElement('canvas')
  c.width = WIDTH
  c.height = HEIGHT
  const g = c.getContext('2d')!
  // Frames are captured when asked for, so a busy machine cannot leave the recording with just one.
  const stream = c.captureStream(0)
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack
  const recorder = new MediaRecorder(stream, { mimeType: 'video/webm' })
  const chunks: Blob[] = []
  recorder.ondataavailable = (e) => chunks.push(e.data)
  const stopped = new Promise((r) => (recorder.onstop = r))
  recorder.start()
  const t0 = performance.now()
  while (performance.now() - t0 < seconds * 1000) {
    g.drawImage(testImage, 0, 0)
    g.fillStyle = `rgba(255,255,255,${((performance.now() - t0) / (seconds * 1000)) * 0.8})`
    g.fillRect(0, 0, WIDTH, HEIGHT)
    track.requestFrame()
    await sleep(33)
  }
  recorder.stop()
  await stopped
  const video = document.createElement('video')
  video.muted = true
  video.loop = true
  video.playsInline = true
  video.src = URL.createObjectURL(new Blob(chunks, { type: 'video/webm' }))
  await new Promise((r) => (video.onloadeddata = r))
  return video
}

/** Draws per second over `ms`. */
async function rendersPerSecond(ms: number): Promise<number> {
  const before = viewer.stats().renders
  await sleep(ms)
  return ((viewer.stats().renders - before) * 1000) / ms
}

/** The <video> source: draws per second while it plays (against frames the video presented) and once paused. */
async function benchVideo() {
  const video = await makeVideo(2)
  viewer.setVideo(video)
  await video.play()
  await sleep(500)
  const shown = () => {
    const q = video.getVideoPlaybackQuality()
    return q.totalVideoFrames - q.droppedVideoFrames
  }
  let callbacks = 0
  const countCallbacks = () => {
    callbacks++
    video.requestVideoFrameCallback(countCallbacks)
  }
  video.requestVideoFrameCallback(countCallbacks)
  const shownBefore = shown()
  const uploadsBefore = viewer.stats().framesUploaded
  const playing = await rendersPerSecond(2000)
  const videoFps = (shown() - shownBefore) / 2
  const uploadsPerSecond = (viewer.stats().framesUploaded - uploadsBefore) / 2
  const callbacksPerSecond = callbacks / 2
  video.pause()
  await sleep(300)
  const paused = await rendersPerSecond(2000)
  return { playing, videoFps, uploadsPerSecond, callbacksPerSecond, paused, inDocument: video.isConnected }
}

/** Main-thread cost of a draw without a new frame (input, turns): `n` view changes, one per animation frame. */
async function benchDraw(n: number) {
  const before = viewer.stats()
  const started = performance.now()
  for (let i = 0; i < n; i++) {
    viewer.setView({ yaw: i, pitch: 0, fov: 75 })
    await new Promise(requestAnimationFrame)
  }
  const after = viewer.stats()
  const renders = after.renders - before.renders
  return { renders, drawsPerSecond: round((renders * 1000) / (performance.now() - started)), renderMsPerDraw: round((after.renderMs - before.renderMs) / renders) }
}

/** The yaws shown during an animated turn from 170° to −170°. */
async function turnAcrossSeam(): Promise<number[]> {
  viewer.setView({ yaw: 170, pitch: 0, fov: 75 })
  await sleep(100)
  views.length = 0
  viewer.setView({ yaw: -170, pitch: 0, fov: 75 }, { animate: true })
  await sleep(1000)
  return views.map((v) => v.yaw)
}

/** Colour of a pixel of a PNG (a Playwright screenshot), read here because Node has no PNG decoder at hand. */
async function pixelOf(pngBase64: string, x: number, y: number): Promise<[number, number, number]> {
  const bytes = Uint8Array.from(atob(pngBase64), (ch) => ch.charCodeAt(0))
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
  const c = new OffscreenCanvas(1, 1)
  const g = c.getContext('2d')!
  g.drawImage(bitmap, -x, -y)
  const [r, gr, b] = g.getImageData(0, 0, 1, 1).data
  return [r!, gr!, b!]
}

const harness = {
  viewer,
  benchPreview,
  benchVideo,
  benchDraw,
  turnAcrossSeam,
  pixelOf,
  loseContext: () => contextLoss.loseContext(),
  restoreContext: () => contextLoss.restoreContext(),
  state: () => viewer.state,
}

declare global {
  interface Window {
    harness?: typeof harness
  }
}
window.harness = harness
