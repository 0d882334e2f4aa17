import type { ViewDirection } from '../domain/model'
import type { YawSector } from '../domain/sectors'
import { createSphereViewer } from './sphere-viewer'

export interface StillOptions {
  width?: number
  height?: number
  /** Give up on a file that will not load or seek (a broken or foreign file): no still, no hang. */
  timeoutMs?: number
  /** Parts of the room kept out of view: black in the still as in the player. */
  hiddenSectors?: readonly YawSector[]
}

function once(target: HTMLVideoElement, ok: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`video: no ${ok} within ${timeoutMs} ms`)), timeoutMs)
    const onOk = () => done()
    const onError = () => done(new Error('video: cannot be read'))
    function done(error?: Error): void {
      clearTimeout(timer)
      target.removeEventListener(ok, onOk)
      target.removeEventListener('error', onError)
      if (error) reject(error)
      else resolve()
    }
    target.addEventListener(ok, onOk)
    target.addEventListener('error', onError)
  })
}

/**
 * The picture a coach saw at a moment: the 360° frame at `timeSec` of a video, drawn through the
 * viewer at `view`, as a JPEG data URL. Off screen, one WebGL context, freed before it returns.
 */
export async function renderStill(url: string, timeSec: number, view: ViewDirection, options: StillOptions = {}): Promise<string> {
  const { width = 960, height = 540, timeoutMs = 15_000, hiddenSectors = [] } = options
  const video = document.createElement('video')
  video.muted = true
  video.playsInline = true
  video.preload = 'auto'
  const loaded = once(video, 'loadeddata', timeoutMs)
  video.src = url
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const viewer = createSphereViewer(canvas, { startView: view, inertia: false, maxPixelRatio: 1 })
  try {
    await loaded
    const seeked = once(video, 'seeked', timeoutMs)
    video.currentTime = Math.min(Math.max(0, timeSec), Number.isFinite(video.duration) ? video.duration : timeSec)
    await seeked
    viewer.setHiddenSectors(hiddenSectors)
    viewer.setVideo(video)
    return viewer.snapshot(width, height)
  } finally {
    viewer.dispose()
    video.removeAttribute('src')
    video.load()
  }
}
