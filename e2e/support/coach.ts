import { expect, type Page } from '@playwright/test'

/** The coach's steps, as they would describe them, shared by the flows. */

export async function addCoachee(page: Page, name: string, school = ''): Promise<string> {
  await page.goto('/')
  await page.getByRole('button', { name: 'Nieuwe coachee' }).click()
  await page.getByLabel('Naam', { exact: true }).fill(name)
  if (school) await page.getByLabel('School of opleiding').fill(school)
  await page.getByRole('button', { name: 'Coachee opslaan' }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  return new URL(page.url()).pathname.split('/').pop()!
}

export async function startTrajectoryAndOpenIntake(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Nieuw traject' }).click()
  await expect(page.getByRole('heading', { name: 'Cycli' })).toBeVisible()
  await page.getByRole('link', { name: 'Intake openen' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: /Intake — cyclus 1/ })).toBeVisible()
}

export async function addToList(page: Page, section: string, field: string, text: string): Promise<void> {
  const region = page.getByRole('region', { name: section })
  const before = await region.getByRole('listitem').count()
  await region.getByLabel(field).fill(text)
  await region.getByRole('button', { name: 'Toevoegen' }).click()
  await expect(region.getByRole('listitem')).toHaveCount(before + 1)
}

/** The texts of an ordered list, in the order shown. */
export async function listTexts(page: Page, section: string): Promise<string[]> {
  const items = page.getByRole('region', { name: section }).getByRole('listitem')
  return items.evaluateAll((lis) => lis.map((li) => (li.querySelector('textarea') as HTMLTextAreaElement).value))
}

export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => { await navigator.serviceWorker.ready })
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload()
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  }
}
