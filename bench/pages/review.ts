/**
 * Tap on a marker → its frame shown, with the app's own 360° player (Player360 and usePlayer) over
 * files the app's import put in OPFS: from the seek until the viewer has drawn the marker's frame.
 */
import { createApp, defineComponent, h, shallowRef } from 'vue'
import { createPinia } from 'pinia'
import { connectCamera } from '../../src/camera'
import type { VideoFile, ViewDirection } from '../../src/domain/model'
import { cameraSource, cutFragments, fragmentWritable, readFile } from '../../src/media'
import { importInWorker } from '../../src/workers/video-import'
import { i18n } from '../../src/i18n'
import { repositories } from '../../src/db/app'
import Player360 from '../../src/components/player/Player360.vue'
import { createSphereViewer } from '../../src/viewer/sphere-viewer'
import { summarize } from '../stats'
import '../../src/styles/base.css'

type Player = { seek(recordingId: string, offsetSec: number, view?: ViewDirection | null): Promise<boolean> }

const RECORDING = 'bench-recording'
const player = shallowRef<Player | null>(null)

async function addFile(file: Omit<VideoFile, 'id' | 'recordingId' | 'createdAt' | 'updatedAt' | 'crc' | 'state'>): Promise<VideoFile> {
  const row: VideoFile = { ...file, id: file.name, recordingId: RECORDING, crc: 0, state: 'done', createdAt: Date.now(), updatedAt: Date.now() }
  await repositories().videoFiles.put(row)
  return row
}

/** The camera file as the import stores it: whole, or only fragments around `windows`. */
async function prepare(cameraUrl: string, fileUrl: string, mode: 'full' | 'fragments', windows: [number, number][]): Promise<VideoFile[]> {
  const camera = await connectCamera({ baseUrl: cameraUrl })
  const probe = await camera.probeFile(fileUrl)
  if (mode === 'full') {
    const name = 'bench-full.mp4'
    await importInWorker({ name, size: probe.size!, reached: 0, crc: 0, download: (start, signal) => camera.download(fileUrl, { start }, signal) })
    return [await addFile({ kind: 'full', name, startSec: 0, endSec: 1e6, size: probe.size!, reached: probe.size! })]
  }
  const names = windows.map((_, i) => `bench-fragment-${i}.mp4`)
  const { fragments } = await cutFragments(await cameraSource(camera, fileUrl), windows, (i) => fragmentWritable(names[i]!))
  const files: VideoFile[] = []
  for (const [i, cut] of fragments.entries()) {
    const size = (await readFile(names[i]!)).size
    files.push(await addFile({ kind: 'fragment', name: names[i]!, startSec: cut.startSec, endSec: cut.endSec, size, reached: size }))
  }
  return files
}

function mount(): void {
  const Root = defineComponent({ setup: () => () => h(Player360, { ref: (p) => { player.value = p as unknown as Player }, recordingIds: [RECORDING] }) })
  createApp(Root).use(createPinia()).use(i18n).mount('#app')
}

/** Seeks to each moment in turn; ms from the seek until the viewer drew that moment's frame. */
async function jumps(files: VideoFile[], moments: number[]): Promise<Record<string, unknown>> {
  const video = document.querySelector('video')!
  const times: number[] = []
  let missed = 0
  for (const [i, offset] of moments.entries()) {
    const file = files.find((f) => offset >= f.startSec && offset <= f.endSec)!
    const local = offset - file.startSec
    const started = performance.now()
    const shown = new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 5000)
      const check: VideoFrameRequestCallback = (_now, frame) => {
        // The viewer draws a new video frame in its next animation frame (its callback came first).
        if (Math.abs(frame.mediaTime - local) < 0.05) requestAnimationFrame(() => { clearTimeout(timer); resolve(performance.now()) })
        else video.requestVideoFrameCallback(check)
      }
      video.requestVideoFrameCallback(check)
    })
    await player.value!.seek(RECORDING, offset, { yaw: (i * 47) % 360 - 180, pitch: 0, fov: 75 })
    const at = await shown
    if (at === null) missed++
    else times.push(at - started)
  }
  return { ...summarize(times), missed }
}

/**
 * The cost of the parts of the room kept out of view, per drawn frame: the player's video frame drawn
 * at `width` × `height` through a viewer of its own with no sector, one and eight (none of them in
 * view, so every pixel tests them all), rounds alternated so a busy moment hits all three alike.
 * Each draw is read back (a JPEG of the canvas), so the GPU's work is inside the time.
 */
function maskCost(width: number, height: number, rounds: number, draws: number): Record<string, number> {
  const canvas = document.createElement('canvas')
  canvas.style.cssText = `width: ${width}px; height: ${height}px; position: fixed; left: 0; top: 0`
  document.body.append(canvas)
  const viewer = createSphereViewer(canvas, { startView: { yaw: 0, pitch: 0, fov: 75 }, maxPixelRatio: 1 })
  viewer.setVideo(document.querySelector('video'))
  const eight = Array.from({ length: 8 }, (_, i) => ({ fromYaw: 200 + i * 10, toYaw: 205 + i * 10 }))
  const cases = { none: [], one: eight.slice(0, 1), eight }
  const ms: Record<string, number> = { none: 0, one: 0, eight: 0 }
  for (let round = 0; round < rounds; round++) {
    for (const [name, sectors] of Object.entries(cases)) {
      viewer.setHiddenSectors(sectors)
      const started = performance.now()
      for (let i = 0; i < draws; i++) viewer.snapshot(width, height, 0.5)
      ms[name]! += (performance.now() - started) / draws / rounds
    }
  }
  viewer.dispose()
  canvas.remove()
  return ms
}

;(window as unknown as { bench: unknown }).bench = { prepare, mount, jumps, maskCost }
