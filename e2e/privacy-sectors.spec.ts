import { readFile } from 'node:fs/promises'
import { expect, test, type Locator, type Page } from '@playwright/test'
import jpeg from 'jpeg-js'
import { startEmulator, type Emulator } from '../emulator/index'
import { openVisit, readTable, stopRecording, useCamera, yawOnScreen } from './support/visit'
import { placeFullFile } from './support/media'
import type { Lesson, Marker, Recording } from '../src/domain/model'
import { formatDuration } from '../src/i18n/format'

// A real visit is recorded first, then a report rendered: slow on two shared cores.
test.describe.configure({ timeout: 480_000 })

let camera: Emulator
test.afterEach(async () => { await camera?.close() })

/** Puts records straight into the app's IndexedDB: the markers' views and choices, set exactly. */
async function put(page: Page, table: string, records: unknown[]): Promise<void> {
  await page.evaluate(([name, rows]) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('rondblik')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const tx = open.result.transaction(name, 'readwrite')
      for (const row of rows) tx.objectStore(name).put(row)
      tx.oncomplete = () => { open.result.close(); resolve() }
      tx.onerror = () => reject(tx.error)
    }
  }), [table, records] as const)
}

/**
 * Drags across the picture, along its middle row, from one viewer yaw to another, while the view
 * looks at yaw 0, pitch 0 with this fov: the points are where the viewer draws those directions.
 */
async function dragAcross(page: Page, picture: Locator, fromYaw: number, toYaw: number, fov = 75): Promise<void> {
  const box = (await picture.boundingBox())!
  const halfTan = Math.tan((fov * Math.PI) / 360) * (box.width / box.height)
  const x = (yaw: number) => box.x + box.width / 2 + (Math.tan((yaw * Math.PI) / 180) / halfTan) * (box.width / 2)
  const y = box.y + box.height / 2
  await page.mouse.move(x(fromYaw), y)
  await page.mouse.down()
  for (let i = 1; i <= 5; i++) await page.mouse.move(x(fromYaw + ((toYaw - fromYaw) * i) / 5), y)
  await page.mouse.up()
}

/** The JPEG images inside a PDF, in file order (jsPDF stores them as they are: DCTDecode). */
function jpegsIn(bytes: Uint8Array): Uint8Array[] {
  const found: Uint8Array[] = []
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] !== 0xff || bytes[i + 1] !== 0xd8 || bytes[i + 2] !== 0xff) continue
    let end = i + 2
    while (end + 1 < bytes.length && !(bytes[end] === 0xff && bytes[end + 1] === 0xd9)) end++
    found.push(bytes.subarray(i, end + 2))
    i = end
  }
  return found
}

/** Mean brightness (0–255) of the picture's middle 32×32 pixels. */
function middleBrightness(image: Uint8Array): number {
  const { data, width, height } = jpeg.decode(image, { useTArray: true })
  // Whole pixels: with an odd size (a screenshot of the player) width / 2 would land half a row off.
  const top = Math.floor(height / 2) - 16
  const left = Math.floor(width / 2) - 16
  let sum = 0
  for (let y = top; y < top + 32; y++) {
    for (let x = left; x < left + 32; x++) {
      const i = (y * width + x) * 4
      sum += (data[i]! + data[i + 1]! + data[i + 2]!) / 3
    }
  }
  return sum / (32 * 32)
}

/** Mean brightness of the middle of what a picture on the screen shows now. */
const shownBrightness = async (picture: Locator) => middleBrightness(await picture.screenshot({ type: 'jpeg', quality: 90 }))

test('a part of the room marked by a drag on the live picture, or straight ahead in the review, is black there in the preview, the player and the report\'s stills, across 350° → 10° too', async ({ page }) => {
  camera = await startEmulator({ model: 'theta-x', cors: true })
  await useCamera(page, camera.url)
  await openVisit(page)
  await expect.poll(async () => (await yawOnScreen(page)) !== null, { timeout: 15_000 }).toBe(true)

  // On the visit screen, before the lesson: "Deel verbergen", then a drag across the back seam.
  const sectors = page.getByRole('region', { name: 'Niet in beeld' })
  const toggle = sectors.getByRole('button', { name: 'Deel verbergen' })
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  const live = page.getByRole('application', { name: /Live 360°-beeld van de camera\. Sleep over het beeld om een deel te verbergen/ })
  await expect.poll(() => shownBrightness(live), { timeout: 10_000 }).toBeGreaterThan(60)
  await dragAcross(page, live, -9.5, 9.5)
  await expect(sectors.getByText('Niet in beeld: 350° – 10°')).toBeVisible()
  await expect.poll(() => shownBrightness(live), { timeout: 10_000 }).toBeLessThan(12)
  // Stored at once, on the lesson itself (the list shows what the live query read back).
  expect((await readTable<Lesson>(page, 'lessons'))[0]!.hiddenSectors).toEqual([{ fromYaw: 350, toYaw: 10 }])
  // A second part, dragged right to left, and shown again: the first stays.
  await dragAcross(page, live, 39.5, 20.5)
  await expect(sectors.getByText('Niet in beeld: 20° – 40°')).toBeVisible()
  await sectors.getByRole('button', { name: 'Weer tonen: 20° – 40°' }).click()
  await expect(sectors.getByText('Niet in beeld: 20° – 40°')).toHaveCount(0)
  await expect(sectors.getByRole('listitem')).toHaveText(['Niet in beeld: 350° – 10°Weer tonen'])
  // Leaving the mode gives the drag back to looking around.
  await toggle.click()
  await expect(page.getByRole('application', { name: /Live 360°-beeld van de camera\. Sleep om rond te kijken/ })).toBeVisible()

  await page.getByRole('button', { name: 'Start opname' }).click()
  await expect.poll(() => camera.status().recording?.elapsedMs ?? 0).toBeGreaterThan(1500)
  for (const kind of ['Parel', 'Puzzel', 'Parel'] as const) {
    await page.getByRole('button', { name: kind, exact: true }).click()
    await expect(page.getByRole('region', { name: new RegExp(`^${kind} bewaard`) })).toBeVisible()
    await page.getByRole('button', { name: 'Klaar' }).click()
    await page.waitForTimeout(1000)
  }
  await stopRecording(page)
  await page.getByRole('button', { name: 'Naar terugkijken' }).click()
  const [clip] = await readTable<Recording>(page, 'recordings')
  await placeFullFile(page, clip!)

  // Looking into the back seam (0°), into the door (100°), and at the free wall (-130°).
  const markers = (await readTable<Marker>(page, 'markers')).sort((a, b) => a.tappedAt - b.tappedAt)
  const views = [{ yaw: 0, pitch: 0, fov: 60 }, { yaw: 100, pitch: 10, fov: 60 }, { yaw: -130, pitch: 0, fov: 60 }]
  await put(page, 'markers', markers.map((m, i) => ({ ...m, view: views[i], chosen: true, chosenOrder: i })))
  await page.reload()

  // In the review, the keyboard's way: turn to the door's marker, then hide what lies straight ahead.
  await expect(page.getByRole('region', { name: 'Niet in beeld' }).getByText('Niet in beeld: 350° – 10°')).toBeVisible()
  await page.getByRole('button', { name: `Puzzel op ${formatDuration(markers[1]!.offsetSec!)}` }).click()
  const player = page.getByRole('application', { name: /360°-beeld van de opname/ })
  // The player says where it looks once the turn has settled.
  await expect(page.getByRole('status').filter({ hasText: 'kijkrichting 100°' })).toBeAttached({ timeout: 10_000 })
  const review = page.getByRole('region', { name: 'Niet in beeld' })
  await review.getByRole('button', { name: 'Deel verbergen' }).press('Enter')
  await review.getByRole('button', { name: 'Verberg wat recht voor je ligt (30°)' }).press('Enter')
  await expect(review.getByText('Niet in beeld: 85° – 115°')).toBeVisible()
  await expect.poll(() => shownBrightness(player), { timeout: 10_000 }).toBeLessThan(12)

  await page.getByRole('link', { name: 'Naar het nagesprek' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nagesprek — cyclus 1' })).toBeVisible()
  const [pdfFile] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Verslag (PDF)' }).click()])
  const stills = jpegsIn(new Uint8Array(await readFile(await pdfFile.path())))
  expect(stills).toHaveLength(3)
  const brightness = stills.map(middleBrightness)
  test.info().annotations.push({ type: 'still brightness', description: JSON.stringify(brightness) })
  expect(brightness[0]).toBeLessThan(12)
  expect(brightness[1]).toBeLessThan(12)
  expect(brightness[2]).toBeGreaterThan(60)

  // The nagesprek's player too: fragment 1 looks into the back seam, fragment 3 at the free wall.
  await expect.poll(() => shownBrightness(player), { timeout: 20_000 }).toBeLessThan(12)
  await page.getByRole('navigation', { name: 'Fragmenten in volgorde' }).getByRole('button', { name: '3. Parel' }).click()
  await expect.poll(() => shownBrightness(player), { timeout: 20_000 }).toBeGreaterThan(60)
})
