import type { Page } from '@playwright/test'
import type { Recording, VideoFile } from '../../src/domain/model'
import { decodeTimeStripe, stripeHeight } from '../../emulator/time-stripe'

/**
 * Puts a recording's whole camera file on the tablet the way the import does, without its screen:
 * the bytes into OPFS at `video/<name>`, a finished VideoFile row into IndexedDB. Raw browser APIs
 * only, so no app module runs in the page. The app's live queries don't see a raw write: load the
 * screen afterwards. The camera must answer with CORS (`startEmulator({ cors: true })`).
 */
export async function placeFullFile(page: Page, recording: Recording): Promise<VideoFile> {
  if (!recording.cameraFileUrl) throw new Error('the recording has no camera file')
  return page.evaluate(async ({ url, recordingId }) => {
    const bytes = await (await fetch(url)).arrayBuffer()
    const name = `${recordingId}.mp4`
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('video', { create: true })
    const writable = await (await folder.getFileHandle(name, { create: true })).createWritable()
    await writable.write(bytes)
    await writable.close()

    const probe = document.createElement('video')
    const objectUrl = URL.createObjectURL(new Blob([bytes], { type: 'video/mp4' }))
    const durationSec = await new Promise<number>((resolve, reject) => {
      probe.onloadedmetadata = () => resolve(probe.duration)
      probe.onerror = () => reject(new Error('the camera file does not play'))
      probe.src = objectUrl
    })
    URL.revokeObjectURL(objectUrl)

    const now = Date.now()
    const file = {
      id: crypto.randomUUID(), recordingId, kind: 'full' as const, name, startSec: 0, endSec: durationSec,
      size: bytes.byteLength, reached: bytes.byteLength, crc: 0, state: 'done' as const, createdAt: now, updatedAt: now,
    }
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('rondblik')
      open.onerror = () => reject(open.error)
      open.onsuccess = () => {
        const tx = open.result.transaction('videoFiles', 'readwrite')
        tx.objectStore('videoFiles').put(file)
        tx.oncomplete = () => { open.result.close(); resolve() }
        tx.onerror = () => reject(tx.error)
      }
    })
    return file
  }, { url: recording.cameraFileUrl, recordingId: recording.id })
}

/** The player's video element now: its time and the ms the emulator stamped into the frame shown. */
export async function frameOnScreen(page: Page): Promise<{ currentTime: number; paused: boolean; stampMs: number | null }> {
  const shot = await page.evaluate(() => {
    const video = document.querySelector('video')
    if (!video || video.readyState < 2 || video.seeking) return null
    const canvas = document.createElement('canvas')
    canvas.width = video.videoWidth
    canvas.height = video.videoHeight
    const context = canvas.getContext('2d', { willReadFrequently: true })!
    context.drawImage(video, 0, 0)
    // Only the top rows: the stripe is all that is needed, and it keeps the answer small.
    const rows = Math.max(8, Math.round(canvas.height / 24))
    const { data } = context.getImageData(0, 0, canvas.width, rows)
    return { currentTime: video.currentTime, paused: video.paused, width: canvas.width, height: canvas.height, pixels: Array.from(data) }
  })
  if (!shot) return { currentTime: NaN, paused: true, stampMs: null }
  if (shot.pixels.length / 4 / shot.width !== stripeHeight(shot.height)) throw new Error('stripe rows differ from the emulator')
  return { currentTime: shot.currentTime, paused: shot.paused, stampMs: decodeTimeStripe(shot.pixels, shot.width, shot.height, 4) }
}
