import { expect, test } from '@playwright/test'
import { startEmulator, type Emulator, type ModelId } from '../emulator/index'
import { openVisit, readTable, useCamera } from './support/visit'
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
    await page.getByRole('button', { name: 'Stop opname' }).click()
    await page.getByRole('button', { name: 'Ja, stop de opname' }).click()
    await expect(page.getByRole('dialog', { name: 'Samenvatting van het lesbezoek' })).toBeVisible({ timeout: 60_000 })
    const [clip] = await readTable<Recording>(page, 'recordings')
    expect(clip!.cameraFileUrl).toBe(camera.url + fileUrl)

    const cycle = visitPath.replace(/\/visit$/, '')
    await page.goto(`${cycle}/import`)
    await expect(page.getByRole('heading', { name: 'Opname 1' })).toBeVisible()
    await page.getByRole('radio', { name: 'Hele opname' }).check()
    await page.getByRole('button', { name: 'Ophalen' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Klaar en gecontroleerd.' })).toBeVisible({ timeout: 90_000 })
    const files = await readTable<VideoFile>(page, 'videoFiles')
    expect(files.map((f) => [f.kind, f.state, f.size])).toEqual([['full', 'done', camera.status().clips[0]!.sizes[0]]])

    await page.goto(`${cycle}/review`)
    await expect(page.getByRole('button', { name: /^Parel op 0:0\d$/ })).toBeVisible({ timeout: 30_000 })
  })
}
