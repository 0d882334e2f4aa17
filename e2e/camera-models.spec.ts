import { crc32 } from 'node:zlib'
import { expect, test } from '@playwright/test'
import { startEmulator, type Emulator, type ModelId } from '../emulator/index'
import { openVisit, readTable, stopRecording, useCamera } from './support/visit'
import type { Recording, VideoFile } from '../src/domain/model'

// The visit → import → review walk against each emulated model's real answers (issue 10), not THETA X alone.
test.describe.configure({ timeout: 240_000 })

let camera: Emulator
test.afterEach(async () => { await camera?.close() })

const MODELS: { model: ModelId; namesFileAtStart: boolean }[] = [
  { model: 'theta-x', namesFileAtStart: true },
  { model: 'theta-z1', namesFileAtStart: true },
  // Firmware 01.90: boots at API level 1 with sessions, upgraded by the app.
  { model: 'theta-s', namesFileAtStart: false },
  { model: 'theta-sc2', namesFileAtStart: false },
  // A singular results.fileUrl in the startCapture answer.
  { model: 'theta-sc2b', namesFileAtStart: true },
  // No live preview, no capture status, one file per lens: the first lens's file is the clip's.
  { model: 'insta360', namesFileAtStart: false },
]

for (const { model, namesFileAtStart } of MODELS) {
  test(`${model}: record with a reload mid-lesson, import the whole file, review the marker`, async ({ page }) => {
    camera = await startEmulator({ model, cors: true })
    await useCamera(page, camera.url)
    const visitPath = await openVisit(page)
    await page.getByRole('button', { name: 'Start opname' }).click()
    await expect(page.getByRole('button', { name: 'Stop opname' })).toBeVisible()
    await expect.poll(() => camera.status().recording?.elapsedMs ?? 0).toBeGreaterThan(2000)
    const fileUrl = camera.status().recording!.paths[0]!
    // X ≥ 2.61 and Z1 ≥ 3.60.3 name the file when recording starts: the clip knows it at once…
    if (namesFileAtStart) {
      await expect.poll(async () => (await readTable<Recording>(page, 'recordings'))[0]?.cameraFileUrl).toBe(camera.url + fileUrl)
    }
    await page.getByRole('button', { name: 'Parel', exact: true }).click()
    await expect(page.getByRole('region', { name: /^Parel bewaard/ })).toBeVisible()

    // … and still after a reload in the middle of the lesson.
    await page.reload()
    await expect(page.getByRole('button', { name: 'Stop opname' })).toBeVisible()
    await expect.poll(() => camera.status().recording?.elapsedMs ?? 0).toBeGreaterThan(4000)
    if (namesFileAtStart) expect((await readTable<Recording>(page, 'recordings'))[0]?.cameraFileUrl).toBe(camera.url + fileUrl)
    await stopRecording(page)
    const [clip] = await readTable<Recording>(page, 'recordings')
    expect(clip!.cameraFileUrl).toBe(camera.url + fileUrl)

    const cycle = visitPath.replace(/\/visit$/, '')
    await page.goto(`${cycle}/import`)
    await expect(page.getByRole('heading', { name: 'Opname 1', exact: true })).toBeVisible()
    await page.getByRole('radio', { name: 'Hele opname' }).check()
    await page.getByRole('button', { name: 'Ophalen' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Klaar en gecontroleerd.' })).toBeVisible({ timeout: 90_000 })
    const files = await readTable<VideoFile>(page, 'videoFiles')
    expect(files.map((f) => [f.kind, f.state, f.size])).toEqual([['full', 'done', camera.status().clips[0]!.sizes[0]]])
    // Byte-exact: the tablet's CRC-32 of what it stored is the camera file's own.
    const original = new Uint8Array(await (await fetch(camera.url + fileUrl)).arrayBuffer())
    expect(files[0]!.crc).toBe(crc32(original))

    await page.goto(`${cycle}/review`)
    await expect(page.getByRole('button', { name: /^Parel op 0:0\d$/ })).toBeVisible({ timeout: 30_000 })
  })
}

test('insta360: a clip the camera ended by itself is still imported (its file found on the card by its time)', async ({ page }) => {
  camera = await startEmulator({ model: 'insta360', cors: true })
  await useCamera(page, camera.url)
  const visitPath = await openVisit(page)
  await page.getByRole('button', { name: 'Start opname' }).click()
  await expect(page.getByRole('button', { name: 'Stop opname' })).toBeVisible()
  await page.getByRole('button', { name: 'Parel', exact: true }).click()
  await expect(page.getByRole('region', { name: /^Parel bewaard/ })).toBeVisible()
  // The camera ends the clip (its limit, a full card); its state cannot tell, so the app still shows the recording.
  camera.faults.clipLimit(3)
  await expect.poll(() => camera.status().clips.length, { timeout: 60_000 }).toBe(1)
  expect(camera.status().recording).toBeNull()
  await stopRecording(page)
  const { fileUrls, sizes } = camera.status().clips[0]!
  expect((await readTable<Recording>(page, 'recordings')).map((r) => r.cameraFileUrl)).toEqual([fileUrls[0]])

  const cycle = visitPath.replace(/\/visit$/, '')
  await page.goto(`${cycle}/import`)
  await page.getByRole('radio', { name: 'Hele opname' }).check()
  await page.getByRole('button', { name: 'Ophalen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Klaar en gecontroleerd.' })).toBeVisible({ timeout: 90_000 })
  expect((await readTable<VideoFile>(page, 'videoFiles')).map((f) => [f.kind, f.state, f.size])).toEqual([['full', 'done', sizes[0]]])
})

test('theta-x: a hot camera is told on the visit screen; its standing compass-calibration note is not', async ({ page }) => {
  camera = await startEmulator({ model: 'theta-x', cors: true })
  await useCamera(page, camera.url)
  await openVisit(page)
  await expect(page.getByText(/^De camera is erg warm/)).toHaveCount(0)
  camera.faults.highTemperature()
  await expect(page.getByText(/^De camera is erg warm/)).toBeVisible({ timeout: 20_000 })
  await expect(page.getByText(/kompas|compass/i)).toHaveCount(0)
  camera.faults.highTemperature(false)
  await expect(page.getByText(/^De camera is erg warm/)).toHaveCount(0, { timeout: 20_000 })
})
