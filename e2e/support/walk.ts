import { expect, type Page } from '@playwright/test'
import type { Emulator } from '../../emulator/index'
import { addCoachee, addToList, startTrajectoryAndOpenIntake } from './coach'
import { confirmConsent, useCamera } from './visit'

/** The screens of one cycle, in the order a coach meets them. */
export type Screen = 'coachees-empty' | 'coachee' | 'trajectory' | 'intake' | 'visit' | 'visit-tag-sheet' | 'visit-summary' | 'review' | 'import' | 'follow-up' | 'coachees' | 'settings'

/** The demo's screens: its finished cycle filled in everywhere, reached without a camera. */
export type DemoScreen = 'welcome' | 'coachee' | 'trajectory' | 'intake' | 'review' | 'import' | 'follow-up' | 'settings'

/** Walks the demo coachee's finished cycle, handing each screen to `at` once it has settled. */
export async function walkDemo(page: Page, at: (screen: DemoScreen) => Promise<void>): Promise<void> {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Welkom bij Rondblik' })).toBeVisible()
  await at('welcome')
  await page.getByRole('button', { name: 'Demo-coachee bekijken' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sanne (demo)' })).toBeVisible()
  await at('coachee')
  await page.getByRole('link', { name: /Voorbeeldtraject/ }).click()
  await expect(page.getByRole('heading', { name: 'Cycli' })).toBeVisible()
  await at('trajectory')
  const review = await page.getByRole('link', { name: 'Naar terugkijken' }).getAttribute('href')
  const cycle = review!.split('/')[2]!
  const screens = [
    ['intake', `/cycle/${cycle}/intake`], ['review', `/cycle/${cycle}/review`],
    ['import', `/cycle/${cycle}/import`], ['follow-up', `/cycle/${cycle}/follow-up`], ['settings', '/settings'],
  ] as const
  for (const [screen, path] of screens) {
    await page.goto(path)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await at(screen)
  }
}

/**
 * Walks a new coach through every screen with a short real recording, and hands each screen to
 * `at` once it has settled: the accessibility check and the screenshots share this one walk.
 */
export async function walkEveryScreen(page: Page, camera: Emulator, at: (screen: Screen) => Promise<void>): Promise<void> {
  await useCamera(page, camera.url)
  await page.goto('/')
  await expect(page.getByRole('button', { name: 'Nieuwe coachee' })).toBeVisible()
  await at('coachees-empty')

  await addCoachee(page, 'Sanne de Vries', 'Pabo Noord')
  await at('coachee')
  await startTrajectoryAndOpenIntake(page)
  await addToList(page, 'Hulpvragen', 'Hulpvraag toevoegen', 'Hoe houd ik de aandacht van de hele groep vast?')
  await addToList(page, 'Lesdoelen (OGB)', 'Lesdoel toevoegen', 'Iedereen doet mee met de warming-up.')
  await at('intake')
  const cycle = new URL(page.url()).pathname.split('/')[2]!
  await page.getByRole('button', { name: 'Intake afronden' }).click()
  await page.getByRole('link', { name: 'Naar het lesbezoek' }).click()
  await expect(page.getByText('Camera verbonden')).toBeVisible()
  await at('visit')

  await confirmConsent(page)
  await page.getByRole('button', { name: 'Start opname' }).click()
  await expect.poll(() => camera.status().recording?.elapsedMs ?? 0).toBeGreaterThan(1500)
  await page.getByRole('button', { name: 'Parel', exact: true }).click()
  await expect(page.getByRole('region', { name: /^Parel bewaard/ })).toBeVisible()
  await page.getByRole('button', { name: /Interactie · Relatie/ }).click()
  await at('visit-tag-sheet')
  await page.getByRole('button', { name: 'Klaar' }).click()
  await page.getByRole('button', { name: 'Puzzel', exact: true }).click()
  await page.getByRole('button', { name: 'Klaar' }).click()
  const summary = page.getByRole('dialog', { name: 'Samenvatting van het lesbezoek' })
  for (let attempt = 0; attempt < 3 && !(await summary.isVisible()); attempt++) {
    await page.getByRole('button', { name: 'Stop opname' }).click()
    await page.getByRole('button', { name: 'Ja, stop de opname' }).click()
    await summary.waitFor({ timeout: 30_000 }).catch(() => undefined)
  }
  await expect(summary).toBeVisible()
  await at('visit-summary')
  await page.getByRole('button', { name: 'Naar terugkijken' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Terugkijken — cyclus 1' })).toBeVisible()
  await at('review')

  await page.goto(`/cycle/${cycle}/import`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await at('import')
  await page.goto(`/cycle/${cycle}/follow-up`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await at('follow-up')
  await page.getByRole('link', { name: /· Traject \d{4}$/ }).click()
  await expect(page.getByRole('heading', { name: 'Cycli' })).toBeVisible()
  await at('trajectory')
  await page.goto('/')
  await expect(page.getByText('Sanne de Vries')).toBeVisible()
  await at('coachees')
  await page.goto('/settings')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await at('settings')
}
