import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import jpeg from 'jpeg-js'
import { startEmulator, type Emulator } from '../emulator/index'
import { openVisit, readTable, stopRecording, useCamera } from './support/visit'
import { placeFullFile } from './support/media'
import type { Lesson, Marker, Recording } from '../src/domain/model'

// A real visit is recorded first, then a report rendered: slow on two shared cores.
test.describe.configure({ timeout: 480_000 })

let camera: Emulator
test.afterEach(async () => { await camera?.close() })

/** Puts records straight into the app's IndexedDB (the drag to mark a sector is not built yet). */
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

test('a part of the room kept out of view is black in the report\'s still and the player at that direction, across 350° → 10° too', async ({ page }) => {
  camera = await startEmulator({ model: 'theta-x', cors: true })
  await useCamera(page, camera.url)
  await openVisit(page)
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
  const [lesson] = await readTable<Lesson>(page, 'lessons')
  await put(page, 'lessons', [{ ...lesson, hiddenSectors: [{ fromYaw: 350, toYaw: 10 }, { fromYaw: 80, toYaw: 120 }] }])
  await page.reload()

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
  const player = page.getByRole('application', { name: /360°-beeld van de opname/ })
  const shown = async () => middleBrightness(await player.screenshot({ type: 'jpeg', quality: 90 }))
  await expect.poll(shown, { timeout: 20_000 }).toBeLessThan(12)
  await page.getByRole('navigation', { name: 'Fragmenten in volgorde' }).getByRole('button', { name: '3. Parel' }).click()
  await expect.poll(shown, { timeout: 20_000 }).toBeGreaterThan(60)
})
