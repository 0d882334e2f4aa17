import { expect, test, type Page } from '@playwright/test'
import { startEmulator, type Emulator } from '../emulator/index'
import { angleBetween, openVisit, turn, readTable, stopRecording, useCamera, yawOnScreen } from './support/visit'
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

  await stopRecording(page)

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

async function startVisitRecording(page: Page, model: 'theta-x' | 'theta-z1' = 'theta-x'): Promise<void> {
  camera = await startEmulator({ model, cors: true })
  await useCamera(page, camera.url)
  await openVisit(page)
  await page.getByRole('button', { name: 'Start opname' }).click()
  await expect(page.getByRole('button', { name: 'Stop opname' })).toBeVisible()
  await expect.poll(() => camera.status().recording?.elapsedMs ?? 0).toBeGreaterThan(1000)
}

test('a reload in the middle of a recording: everything is back and the recording goes on', async ({ page }) => {
  await startVisitRecording(page)
  await tapAndBracket(page, 'Parel')
  const clipBefore = camera.status().recording!.startedAtCameraMs

  await page.reload()
  await expect(page.getByText('Camera verbonden')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Stop opname' })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Markeringen' }).getByRole('listitem')).toHaveCount(1)
  expect(camera.status().recording?.startedAtCameraMs).toBe(clipBefore)

  const { from, to } = await tapAndBracket(page, 'Puzzel')
  await stopRecording(page)
  const markers = (await readTable<Marker>(page, 'markers')).sort((a, b) => a.tappedAt - b.tappedAt)
  const clips = await readTable<Recording>(page, 'recordings')
  expect(clips).toHaveLength(1)
  expect(camera.status().clips).toHaveLength(1)
  expect(markers.map((m) => m.recordingId)).toEqual([clips[0]!.id, clips[0]!.id])
  expect(markers[1]!.offsetSec! * 1000).toBeGreaterThanOrEqual(from - 500)
  expect(markers[1]!.offsetSec! * 1000).toBeLessThanOrEqual(to + 500)
})

test('a 10 s Wi-Fi drop mid-recording: taps are kept and placed, the link comes back', async ({ page }) => {
  await startVisitRecording(page)
  camera.faults.wifiDrop(10, 'reset')
  await expect(page.getByText(/Verbinding kwijt|Geen verbinding met de camera/)).toBeVisible({ timeout: 20_000 })
  const during = [await tapAndBracket(page, 'Parel'), await tapAndBracket(page, 'Puzzel')]
  await expect(page.getByText('Camera verbonden')).toBeVisible({ timeout: 30_000 })
  expect(camera.status().recording).not.toBeNull()
  await stopRecording(page)

  const markers = (await readTable<Marker>(page, 'markers')).sort((a, b) => a.tappedAt - b.tappedAt)
  const [clip] = await readTable<Recording>(page, 'recordings')
  expect(markers).toHaveLength(2)
  markers.forEach((marker, i) => {
    expect(marker.recordingId).toBe(clip!.id)
    expect(marker.offsetSec! * 1000).toBeGreaterThanOrEqual(during[i]!.from - 500)
    expect(marker.offsetSec! * 1000).toBeLessThanOrEqual(during[i]!.to + 500)
  })
})

test('the camera ends a clip at its maximum length: the next clip starts and markers fall on the right one', async ({ page }) => {
  camera = await startEmulator({ model: 'theta-z1', cors: true })
  camera.faults.clipLimit(6)
  await useCamera(page, camera.url)
  await openVisit(page)
  await page.getByRole('button', { name: 'Start opname' }).click()
  await expect.poll(() => camera.status().recording?.elapsedMs ?? 0).toBeGreaterThan(2000)
  const first = await tapAndBracket(page, 'Parel')

  await expect(page.getByText(/Rondblik is een nieuwe opname begonnen \(deel 2\)/)).toBeVisible({ timeout: 30_000 })
  await expect.poll(() => camera.status().recording?.elapsedMs ?? 0).toBeGreaterThan(1500)
  const second = await tapAndBracket(page, 'Puzzel')
  await stopRecording(page)

  const clips = (await readTable<Recording>(page, 'recordings')).sort((a, b) => a.clipIndex - b.clipIndex)
  const markers = (await readTable<Marker>(page, 'markers')).sort((a, b) => a.tappedAt - b.tappedAt)
  expect(clips.map((c) => c.clipIndex)).toEqual([0, 1])
  expect(camera.status().clips).toHaveLength(2)
  expect(markers.map((m) => m.recordingId)).toEqual([clips[0]!.id, clips[1]!.id])
  expect(markers[0]!.offsetSec! * 1000).toBeGreaterThanOrEqual(first.from - 500)
  expect(markers[0]!.offsetSec! * 1000).toBeLessThanOrEqual(first.to + 500)
  expect(markers[1]!.offsetSec! * 1000).toBeGreaterThanOrEqual(second.from - 500)
  expect(markers[1]!.offsetSec! * 1000).toBeLessThanOrEqual(second.to + 500)
})
