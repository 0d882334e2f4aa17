import { expect, test, type Page } from '@playwright/test'
import { startEmulator, type Emulator } from '../emulator/index'
import { angleBetween, openVisit, turn, readTable, useCamera, yawOnScreen } from './support/visit'
import type { Marker, Recording } from '../src/domain/model'

// A lesson takes time: real recordings in real time, with the camera emulator on the same two cores.
test.describe.configure({ timeout: 240_000 })

let camera: Emulator
test.afterEach(async () => { await camera?.close() })

/** The emulator's recording clock around a tap: the marker's offset must fall in between. */
async function tapAndBracket(page: Page, name: 'Parel' | 'Puzzel'): Promise<{ from: number; to: number }> {
  const from = camera.status().recording?.elapsedMs ?? NaN
  await page.getByRole('button', { name, exact: true }).click()
  const to = camera.status().recording?.elapsedMs ?? NaN
  await expect(page.getByRole('region', { name: new RegExp(`^${name} bewaard`) })).toBeVisible()
  return { from, to }
}

test('a full class visit: preview, recording, five markers with their direction and notes', async ({ page }) => {
  camera = await startEmulator({ model: 'theta-x', cors: true })
  await useCamera(page, camera.url)
  await openVisit(page)

  // The live picture is there and moving (the ball runs round the gym).
  const viewer = page.getByRole('application', { name: /Live 360°-beeld/ })
  await expect.poll(async () => (await yawOnScreen(page)) !== null, { timeout: 15_000 }).toBe(true)
  const first = await viewer.screenshot()
  await expect.poll(async () => (await viewer.screenshot()).equals(first)).toBe(false)

  await page.getByRole('button', { name: 'Start opname' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Camera verbonden' })).toContainText(/0:0\d/)
  await expect.poll(() => camera.status().recording?.elapsedMs ?? 0).toBeGreaterThan(1500)

  // Turns that end well away from the room's landmarks (every 90°), so its colour shows the yaw.
  const plan: { kind: 'Parel' | 'Puzzel'; yaw: number; pitch: number }[] = [
    { kind: 'Parel', yaw: 40, pitch: 12 },
    { kind: 'Puzzel', yaw: 90, pitch: 0 },
    { kind: 'Parel', yaw: -180, pitch: 0 },
    { kind: 'Parel', yaw: -90, pitch: 0 },
    { kind: 'Puzzel', yaw: 160, pitch: 0 },
  ]
  const taps: { from: number; to: number; yaw: number | null }[] = []
  for (const step of plan) {
    await turn(page, step.yaw, step.pitch)
    await page.waitForTimeout(400)
    const yaw = await yawOnScreen(page)
    taps.push({ ...(await tapAndBracket(page, step.kind)), yaw })
    await page.waitForTimeout(700)
  }

  // The last tap: a kijkwijzer cell, the help question and a note, right after the tap.
  await page.getByRole('button', { name: 'Interactie · Relatie' }).click()
  await page.getByRole('button', { name: 'Hoe houd ik de aandacht vast?' }).click()
  await page.getByRole('button', { name: 'Notitie' }).click()
  await page.getByLabel('Notitie').fill('Kijkt de groep rond voor ze begint')
  await page.getByRole('button', { name: 'Klaar' }).click()

  await page.getByRole('button', { name: 'Stop opname' }).click()
  await page.getByRole('button', { name: 'Ja, stop de opname' }).click()
  await expect(page.getByRole('dialog', { name: 'Samenvatting van het lesbezoek' })).toBeVisible()

  const markers = (await readTable<Marker>(page, 'markers')).sort((a, b) => a.tappedAt - b.tappedAt)
  const [clip] = await readTable<Recording>(page, 'recordings')
  expect(markers.map((m) => m.kind)).toEqual(['pearl', 'puzzle', 'pearl', 'pearl', 'puzzle'])
  expect(clip?.stoppedAt).toBeTruthy()
  expect(clip?.cameraFileUrl).toMatch(/\.MP4$/)
  markers.forEach((marker, i) => {
    const tap = taps[i]!
    expect(marker.recordingId).toBe(clip!.id)
    // Within ±0.5 s of the moment the camera's recording clock showed at the tap.
    expect(marker.offsetSec! * 1000).toBeGreaterThanOrEqual(tap.from - 500)
    expect(marker.offsetSec! * 1000).toBeLessThanOrEqual(tap.to + 500)
    // The stored direction is the one on screen: the room's colour there says its yaw.
    expect(tap.yaw).not.toBeNull()
    expect(angleBetween(marker.view!.yaw, tap.yaw!)).toBeLessThan(3)
  })
  const yaws = markers.map((m) => Math.round(m.view!.yaw))
  expect(new Set(yaws).size).toBe(5)
  expect(markers[4]).toMatchObject({ cell: { rowId: 'interaction', columnId: 'relation' }, note: 'Kijkt de groep rond voor ze begint' })
  expect(markers[4]!.helpQuestionId).toBeTruthy()
})
