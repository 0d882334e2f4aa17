import { expect, type Page } from '@playwright/test'
import jpeg from 'jpeg-js'
import { addCoachee, addToList, startTrajectoryAndOpenIntake } from './coach'
import { degreesPerPixel } from '../../src/viewer/view-math'
import type { Emulator } from '../../emulator/index'

/** Points the app at a camera, as the coach does in the settings. */
export async function useCamera(page: Page, address: string): Promise<void> {
  await page.goto('/settings')
  const field = page.getByLabel('Adres van de camera')
  await field.fill(address)
  await field.blur()
  await expect(field).toHaveValue(address)
}

/** A coachee with an agreed intake, and the class-visit screen open. Returns the visit's path. */
export async function openVisit(page: Page, helpQuestion = 'Hoe houd ik de aandacht vast?'): Promise<string> {
  await addCoachee(page, 'Sanne de Vries')
  await startTrajectoryAndOpenIntake(page)
  await addToList(page, 'Hulpvragen', 'Hulpvraag toevoegen', helpQuestion)
  await addToList(page, 'Lesdoelen (OGB)', 'Lesdoel toevoegen', 'Iedereen doet mee met de warming-up.')
  await page.getByRole('button', { name: 'Intake afronden' }).click()
  await page.getByRole('link', { name: 'Naar het lesbezoek' }).click()
  await expect(page.getByText('Camera verbonden')).toBeVisible()
  await confirmConsent(page)
  return new URL(page.url()).pathname
}

/** Consent for filming the group, confirmed on the visit screen before the first recording (issue 11). */
export async function confirmConsent(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Toestemming bevestigen' }).click()
  await page.getByRole('dialog', { name: 'Toestemming voor het filmen' }).getByRole('button', { name: 'Toestemming is in orde' }).click()
  await expect(page.getByText(/^✓ Toestemming in orde/)).toBeVisible()
}

/** Records of one table, straight from the app's IndexedDB. */
export async function readTable<T = Record<string, unknown>>(page: Page, table: string): Promise<T[]> {
  return page.evaluate((name) => new Promise<T[]>((resolve, reject) => {
    const open = indexedDB.open('rondblik')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const request = open.result.transaction(name).objectStore(name).getAll()
      request.onsuccess = () => { resolve(request.result as T[]); open.result.close() }
      request.onerror = () => reject(request.error)
    }
  }), table)
}

/** Drags the 360° picture with one finger-like pointer; dragging left turns the view right. */
export async function drag(page: Page, dx: number, dy: number): Promise<void> {
  const box = (await page.getByRole('application', { name: /Live 360°-beeld/ }).boundingBox())!
  const x = box.x + box.width / 2
  const y = box.y + box.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + dx, y + dy, { steps: 12 })
  // Hold still before letting go, so the view does not coast on.
  await page.waitForTimeout(250)
  await page.mouse.up()
}

/** Turns the view by about `yaw` and `pitch` degrees with drags that stay on the picture. */
export async function turn(page: Page, yaw: number, pitch = 0, fov = 75): Promise<void> {
  const box = (await page.getByRole('application', { name: /Live 360°-beeld/ }).boundingBox())!
  const perPixel = degreesPerPixel(fov, box.height)
  let dx = -yaw / perPixel
  let dy = pitch / perPixel
  const chunk = box.width / 3
  while (Math.abs(dx) > 0.5 || Math.abs(dy) > 0.5) {
    const stepX = Math.max(-chunk, Math.min(chunk, dx))
    const stepY = Math.max(-box.height / 3, Math.min(box.height / 3, dy))
    await drag(page, stepX, stepY)
    dx -= stepX
    dy -= stepY
  }
}

/**
 * The yaw the picture at the centre of a viewer (the live one unless named) shows: the emulator paints hue = yaw + 180
 * (emulator/panorama.ts), so the colour on screen says where the camera looks.
 */
export async function yawOnScreen(page: Page, viewer: RegExp = /Live 360°-beeld/): Promise<number | null> {
  const box = (await page.getByRole('application', { name: viewer }).boundingBox())!
  const shot = await page.screenshot({ type: 'jpeg', quality: 100, clip: { x: box.x + box.width / 2 - 8, y: box.y + box.height / 2 - 8, width: 16, height: 16 } })
  const { data, width, height } = jpeg.decode(shot, { useTArray: true })
  const hues: number[] = []
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = [data[i * 4]! / 255, data[i * 4 + 1]! / 255, data[i * 4 + 2]! / 255]
    const max = Math.max(r, g, b)
    const min = Math.min(r, g, b)
    if (max < 0.5 || max - min < 0.25) continue // grid lines and landmarks are not the room's colour
    const h = max === r ? ((g - b) / (max - min)) % 6 : max === g ? (b - r) / (max - min) + 2 : (r - g) / (max - min) + 4
    hues.push(((h * 60) + 360) % 360)
  }
  if (hues.length < 20) return null
  hues.sort((a, b) => a - b)
  return hues[Math.floor(hues.length / 2)]! - 180
}

export function angleBetween(a: number, b: number): number {
  return Math.abs(((a - b + 540) % 360) - 180)
}

/**
 * Stop opname, confirmed, until the visit's summary opens. The camera closes its file first: on a
 * busy machine that takes many seconds, and the app waits for it (one tap is enough).
 */
export async function stopRecording(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Stop opname' }).click()
  await page.getByRole('button', { name: 'Ja, stop de opname' }).click()
  await expect(page.getByRole('dialog', { name: 'Samenvatting van het lesbezoek' })).toBeVisible({ timeout: 120_000 })
}

export interface Tap { kind: 'Parel' | 'Puzzel'; atSec: number }

/**
 * A class visit on `camera`: one recording with a tap at each given moment of the recording (as the
 * camera counts it), running until `lengthSec`, then stopped. Returns the cycle's path and, per tap,
 * the recording time just before and after it.
 */
export async function recordVisit(
  page: Page, camera: Pick<Emulator, 'url' | 'status'>, taps: Tap[],
  options: { lengthSec?: number; helpQuestion?: string; closeSheet?: boolean; beforeStop?: () => Promise<void> } = {},
): Promise<{ cycle: string; tapped: { from: number; to: number }[] }> {
  await useCamera(page, camera.url)
  const visitPath = await openVisit(page, options.helpQuestion)
  await page.getByRole('button', { name: 'Start opname' }).click()
  await expect(page.getByRole('button', { name: 'Stop opname' })).toBeVisible()
  const elapsed = () => camera.status().recording?.elapsedMs ?? 0
  const tapped: { from: number; to: number }[] = []
  for (const tap of taps) {
    await expect.poll(elapsed, { timeout: 120_000, intervals: [100] }).toBeGreaterThanOrEqual(tap.atSec * 1000)
    const from = elapsed()
    await page.getByRole('button', { name: tap.kind, exact: true }).click()
    tapped.push({ from, to: elapsed() })
    await expect(page.getByRole('region', { name: new RegExp(`^${tap.kind} bewaard`) })).toBeVisible()
    if (options.closeSheet) await page.getByRole('button', { name: 'Klaar' }).click()
  }
  await expect.poll(elapsed, { timeout: 120_000, intervals: [200] }).toBeGreaterThanOrEqual((options.lengthSec ?? 0) * 1000)
  await options.beforeStop?.()
  await stopRecording(page)
  return { cycle: visitPath.replace(/\/visit$/, ''), tapped }
}
