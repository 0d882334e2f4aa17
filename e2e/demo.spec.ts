import { expect, test, type Page } from '@playwright/test'
import { addCoachee, waitForServiceWorkerControl } from './support/coach'
import { frameOnScreen } from './support/media'
import { readTable } from './support/visit'
import type { Coachee, Trajectory, VideoFile } from '../src/domain/model'

/** The names of the files in the app's video folder in OPFS. */
function videoFolder(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory()
    const folder = await root.getDirectoryHandle('video', { create: true })
    const names: string[] = []
    for await (const key of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(key)
    return names
  })
}

const live = <T extends { deletedAt: number | null }>(rows: T[]) => rows.filter((r) => r.deletedAt === null)

test('the demo coachee: offered on a first start, opens marked as demo, its video plays in the review, removed without touching a real coachee', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Welkom bij Rondblik' })).toBeVisible()
  await page.getByRole('button', { name: 'Demo-coachee bekijken' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Sanne (demo)' })).toBeVisible()
  const banner = page.getByRole('complementary', { name: 'Demo' })
  await expect(banner).toContainText('voorbeeldgegevens')
  await page.getByRole('link', { name: /Voorbeeldtraject/ }).click()
  await expect(banner).toBeVisible()
  await expect(page.getByRole('link', { name: 'Naar terugkijken' })).toBeVisible()
  await page.getByRole('link', { name: 'Naar terugkijken' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Terugkijken — cyclus 1' })).toBeVisible()
  await expect(banner).toBeVisible()

  // The whole clip is on the tablet: a marker lands on its moment, and it plays on from there.
  await expect(page.getByText('Op de tablet', { exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Puzzel op 0:14' }).click()
  await expect.poll(async () => (await frameOnScreen(page)).stampMs, { timeout: 20_000 }).toBeGreaterThanOrEqual(13_500)
  const landed = (await frameOnScreen(page)).stampMs!
  expect(landed).toBeLessThanOrEqual(14_500)
  await page.getByRole('button', { name: 'Afspelen', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Pauze' })).toBeVisible()
  await expect.poll(async () => (await frameOnScreen(page)).stampMs ?? 0, { timeout: 20_000 }).toBeGreaterThan(landed + 1000)
  await page.getByRole('button', { name: 'Pauze' }).click()

  // The nagesprek is there too, with its fragments.
  await page.getByRole('link', { name: 'Naar het nagesprek' }).first().click()
  await expect(banner).toBeVisible()

  // A real coachee beside the demo: the list tells them apart.
  const realId = await addCoachee(page, 'Anna de Vries', 'Pabo Noord')
  await expect(banner).toBeHidden()
  await page.getByRole('button', { name: 'Nieuw traject' }).click()
  await expect(page.getByRole('heading', { name: 'Cycli' })).toBeVisible()
  await page.goto('/')
  const demoCard = page.getByRole('listitem').filter({ hasText: 'Sanne (demo)' })
  await expect(demoCard.getByText('Demo', { exact: true })).toBeVisible()
  await expect(page.getByRole('listitem').filter({ hasText: 'Anna de Vries' }).getByText('Demo', { exact: true })).toBeHidden()
  const demoFile = (await readTable<VideoFile>(page, 'videoFiles'))[0]!
  expect(await videoFolder(page)).toContain(demoFile.name)

  // Removed in one step from its own screens.
  await demoCard.getByRole('link').click()
  await banner.getByRole('button', { name: 'Demo verwijderen' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Coachees' })).toBeVisible()
  await expect(page.getByText('Sanne (demo)')).toBeHidden()
  await expect(page.getByText('Anna de Vries')).toBeVisible()

  expect(live(await readTable<Coachee>(page, 'coachees')).map((c) => c.id)).toEqual([realId])
  expect(live(await readTable<Trajectory>(page, 'trajectories')).map((t) => t.coacheeId)).toEqual([realId])
  for (const table of ['cycles', 'lessons', 'helpQuestions']) {
    expect((live(await readTable<{ id: string; deletedAt: number | null }>(page, table))).every((r) => !r.id.startsWith('demo-'))).toBe(true)
  }
  for (const table of ['markers', 'recordings', 'followUps', 'observations', 'lessonGoals']) {
    expect(live(await readTable<{ deletedAt: number | null }>(page, table))).toEqual([])
  }
  expect(await readTable(page, 'videoFiles')).toEqual([])
  expect(await videoFolder(page)).toEqual([])
})

test('the demo works with the network off: its clip is precached with the app', async ({ page, context }) => {
  await page.goto('/')
  await waitForServiceWorkerControl(page)
  await context.setOffline(true)
  await page.reload()
  await page.getByRole('button', { name: 'Demo-coachee bekijken' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sanne (demo)' })).toBeVisible()
  const [file] = await readTable<VideoFile>(page, 'videoFiles')
  expect(file).toMatchObject({ state: 'done', kind: 'full' })
  expect(file!.size).toBeGreaterThan(100_000)
  expect(await videoFolder(page)).toEqual([file!.name])
  await context.setOffline(false)
})
