import { expect, test, type Page } from '@playwright/test'
import { createHash } from 'node:crypto'
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index'
import { decodeTimeStripe, stripeHeight } from '../emulator/time-stripe'
import { readTable, recordVisit as recordOn, type Tap } from './support/visit'
import type { Marker, Recording, VideoFile } from '../src/domain/model'

// Real recordings in real time, then imports, with the camera emulator on the same two cores.
test.describe.configure({ timeout: 300_000 })

let camera: Emulator
test.afterEach(async () => { await camera?.close() })

/** A class visit on a fresh emulator (with `options`) whose recording runs `lengthSec` with taps at the given recording times. */
async function recordVisit(page: Page, options: Partial<EmulatorOptions>, taps: Tap[], lengthSec: number, beforeStop?: () => Promise<void>) {
  camera = await startEmulator({ model: 'theta-x', cors: true, ...options })
  return recordOn(page, camera, taps, { lengthSec, beforeStop })
}

/** The camera's file for the lesson's only clip, as bytes. */
async function cameraFile(page: Page): Promise<{ url: string; bytes: Buffer }> {
  const [clip] = await readTable<Recording>(page, 'recordings')
  const url = clip!.cameraFileUrl!
  return { url, bytes: Buffer.from(await (await fetch(url)).arrayBuffer()) }
}

/** The SHA-256 of a stored file, computed in the page straight from the app's OPFS. */
async function storedSha256(page: Page, name: string): Promise<string> {
  return page.evaluate(async (file) => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('video')
    const blob = await (await folder.getFileHandle(file)).getFile()
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()))
    return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')
  }, name)
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Plays a stored file in a <video>, seeks to `atSec` and reads the emulator's time stripe (ms) of that frame. */
async function stripeAt(page: Page, name: string, atSec: number): Promise<{ ms: number | null; duration: number }> {
  const { pixels, width, height, duration } = await page.evaluate(async ([file, at]) => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('video')
    const video = document.createElement('video')
    video.muted = true
    video.src = URL.createObjectURL(await (await folder.getFileHandle(file as string)).getFile())
    await new Promise((resolve, reject) => { video.onloadeddata = resolve; video.onerror = () => reject(new Error(`cannot play ${file}`)) })
    video.currentTime = at as number
    await new Promise((resolve) => { video.onseeked = resolve })
    const canvas = document.createElement('canvas')
    canvas.width = video.videoWidth
    canvas.height = video.videoHeight
    const context = canvas.getContext('2d')!
    context.drawImage(video, 0, 0)
    const rows = Math.max(8, Math.round(canvas.height / 24))
    const data = context.getImageData(0, 0, canvas.width, rows).data
    URL.revokeObjectURL(video.src)
    return { pixels: [...data], width: canvas.width, height: canvas.height, duration: video.duration }
  }, [name, atSec] as const)
  expect(pixels.length).toBe(width * stripeHeight(height) * 4)
  return { ms: decodeTimeStripe(Uint8Array.from(pixels), width, height, 4), duration }
}

test('only the fragments: each a playable file holding its marker\'s moment, fetching far less than the file', async ({ page }) => {
  // Windows of 10 s either side: the first two merge into one fragment, the third is its own.
  const { cycle, tapped } = await recordVisit(page, {}, [{ kind: 'Parel', atSec: 20 }, { kind: 'Puzzel', atSec: 23 }, { kind: 'Parel', atSec: 70 }], 90)
  const { bytes } = await cameraFile(page)
  const before = camera.status().fileBytesSent
  await page.goto(`${cycle}/import`)
  await expect(page.getByRole('heading', { name: 'Opname 1', exact: true })).toBeVisible()
  await expect(page.getByRole('radio', { name: 'Alleen fragmenten' })).toBeChecked()
  await page.getByRole('button', { name: 'Ophalen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Klaar en gecontroleerd.' })).toBeVisible({ timeout: 60_000 })

  const files = (await readTable<VideoFile>(page, 'videoFiles')).sort((a, b) => a.startSec - b.startSec)
  const markers = (await readTable<Marker>(page, 'markers')).sort((a, b) => a.tappedAt - b.tappedAt)
  // Two windows: the first two markers' windows overlap and are cut as one.
  expect(files.map((f) => [f.kind, f.state])).toEqual([['fragment', 'done'], ['fragment', 'done']])
  const fetched = camera.status().fileBytesSent - before
  const clipSec = camera.status().clips[0]!.durationMs / 1000
  const share = files.reduce((sum, f) => sum + f.endSec - f.startSec, 0) / clipSec
  console.info(`fragments: fetched ${fetched} of ${bytes.length} bytes (${((fetched / bytes.length) * 100).toFixed(0)} %) for ${(share * 100).toFixed(0)} % of the clip`)
  expect(fetched).toBeLessThan(0.6 * bytes.length)
  expect(fetched).toBeLessThanOrEqual(1.2 * share * bytes.length + 64 * 1024)

  for (const [i, marker] of markers.entries()) {
    const file = files.find((f) => f.startSec <= marker.offsetSec! && f.endSec >= marker.offsetSec!)
    expect(file, `a fragment holds marker ${i + 1}`).toBeTruthy()
    const { ms, duration } = await stripeAt(page, file!.name, marker.offsetSec! - file!.startSec)
    expect(duration).toBeCloseTo(file!.endSec - file!.startSec, 0)
    // The frame shown there is the moment the camera recorded at the tap, within ±0.5 s.
    expect(ms).not.toBeNull()
    expect(ms!).toBeGreaterThanOrEqual(tapped[i]!.from - 500)
    expect(ms!).toBeLessThanOrEqual(tapped[i]!.to + 500)
  }
  // The clip's real length is known now; the coach may not yet wipe the camera (only fragments here).
  const [clip] = await readTable<Recording>(page, 'recordings')
  expect(clip!.durationSec).toBeCloseTo(clipSec, 1)
  expect(clip!.bytes).toBe('fragments')
  await expect(page.getByRole('button', { name: 'Wis van de camera' })).toHaveCount(0)
})

test('a lesson too big for the tablet: the whole file is refused before a byte is fetched, its fragments still come', async ({ page }) => {
  // The camera's file gets bigger than the browser's quota for the app (sparse filler: no time, no disk).
  const { cycle } = await recordVisit(page, {}, [{ kind: 'Parel', atSec: 3 }], 8, async () => {
    const { quota = 0 } = await page.evaluate(() => navigator.storage.estimate())
    camera.faults.growNextClip(quota + 1024 ** 3)
  })
  await page.goto(`${cycle}/import`)
  await page.getByRole('radio', { name: 'Hele opname' }).check()
  const before = camera.status().fileBytesSent
  await page.getByRole('button', { name: 'Ophalen' }).click()
  await expect(page.getByRole('alert')).toContainText('Niet genoeg ruimte op deze tablet')
  expect(camera.status().fileBytesSent - before).toBeLessThan(1024)
  expect(await readTable<VideoFile>(page, 'videoFiles')).toEqual([])

  await page.getByRole('radio', { name: 'Alleen fragmenten' }).check()
  await page.getByRole('button', { name: 'Ophalen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Klaar en gecontroleerd.' })).toBeVisible({ timeout: 60_000 })
  expect(camera.status().fileBytesSent - before).toBeLessThan(5_000_000)
  expect((await readTable<VideoFile>(page, 'videoFiles')).map((f) => f.kind)).toEqual(['fragment'])
})

test('the whole recording: cut off, the Wi-Fi gone and the app reopened, it resumes and ends byte-identical; then wiped from the camera', async ({ page }) => {
  // A lesson's file of 48 MB (sparse filler), so the link breaks in the middle of the stream.
  const { cycle } = await recordVisit(page, {}, [{ kind: 'Parel', atSec: 3 }], 12, async () => { camera.faults.growNextClip(48_000_000) })
  const { url, bytes } = await cameraFile(page)
  await page.goto(`${cycle}/import`)
  await page.getByRole('radio', { name: 'Hele opname' }).check()

  // The link breaks at a third, and the Wi-Fi stays away ...
  const cut = Math.round(bytes.length / 3)
  camera.faults.cutDownloadAfter(cut)
  const before = camera.status().fileBytesSent
  await page.getByRole('button', { name: 'Ophalen' }).click()
  await expect.poll(() => camera.status().fileBytesSent - before, { intervals: [10] }).toBeGreaterThanOrEqual(cut)
  camera.faults.wifiDrop(20)
  await expect(page.getByRole('status').filter({ hasText: 'De verbinding met de camera is weg' })).toBeVisible()
  // ... and the tablet is closed meanwhile. Reopened, the import shows where it stopped, and once the
  // camera is back it goes on from the byte it reached.
  // What the tablet kept: a browser drops what it received but had not yet handed to the page.
  await expect.poll(async () => (await readTable<VideoFile>(page, 'videoFiles'))[0]?.reached ?? 0).toBeGreaterThan(0)
  const kept = (await readTable<VideoFile>(page, 'videoFiles'))[0]!.reached
  await page.reload()
  await expect(page.getByRole('status').filter({ hasText: /Onderbroken bij/ })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Klaar en gecontroleerd.' })).toBeVisible({ timeout: 60_000 })

  const [file] = await readTable<VideoFile>(page, 'videoFiles')
  expect(file).toMatchObject({ kind: 'full', state: 'done', size: bytes.length, reached: bytes.length })
  expect(await storedSha256(page, file!.name)).toBe(sha256(bytes))
  // Resumed with Range from the byte it kept: the cut-off third, then exactly the rest.
  const fetched = camera.status().fileBytesSent - before
  console.info(`full import cut at ${cut}, kept ${kept}, resumed after a reload: fetched ${fetched} bytes for a ${bytes.length}-byte file`)
  expect(fetched).toBe(cut + bytes.length - kept)
  const [clip] = await readTable<Recording>(page, 'recordings')
  expect(clip!.bytes).toBe('full')
  expect(clip!.durationSec).toBeCloseTo(camera.status().clips[0]!.durationMs / 1000, 1)

  await page.getByRole('button', { name: 'Wis van de camera' }).click()
  await page.getByRole('button', { name: 'Ja, wis van de camera' }).click()
  await expect(page.getByText('Gewist van de camera.')).toBeVisible()
  expect(camera.status().clips.flatMap((c) => c.fileUrls)).not.toContain(url)
})

test('a camera without Range: "alleen fragmenten" becomes a full import, and the coach is told', async ({ page }) => {
  const { cycle } = await recordVisit(page, { range: false }, [{ kind: 'Puzzel', atSec: 3 }], 8)
  const { bytes } = await cameraFile(page)
  await page.goto(`${cycle}/import`)
  await page.getByRole('button', { name: 'Ophalen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Klaar en gecontroleerd.' })).toBeVisible({ timeout: 60_000 })
  await expect(page.getByRole('note')).toContainText('kan geen losse stukken van een bestand sturen')
  const [file] = await readTable<VideoFile>(page, 'videoFiles')
  expect(file).toMatchObject({ kind: 'full', state: 'done', size: bytes.length })
  expect(await storedSha256(page, file!.name)).toBe(sha256(bytes))
})
