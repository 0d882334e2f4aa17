import { expect, test, type Page } from '@playwright/test'
import { readTable } from './support/visit'
import { focusedControl, tabTo } from './support/keyboard'
import type { FollowUp, Marker } from '../src/domain/model'

test.describe.configure({ timeout: 180_000 })

/** The demo's finished cycle: its review screen, reached the way a coach clicks there. */
async function openDemoReview(page: Page): Promise<void> {
  await page.goto('/')
  await page.getByRole('button', { name: 'Demo-coachee bekijken' }).click()
  await page.getByRole('link', { name: /Voorbeeldtraject/ }).click()
  await page.getByRole('link', { name: 'Naar terugkijken' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /^Terugkijken/ })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: /^Afspelen gepauzeerd/ })).toBeAttached()
}

test('with a keyboard only: the review editor — a marker opened, its note written, the window changed, chosen for the nagesprek — and back to the list', async ({ page }) => {
  await openDemoReview(page)
  await page.getByRole('heading', { level: 1 }).click()

  // From the top of the screen to the markers: every stop named and with a ring one can see.
  const stops = await tabTo(page, /^Puzzel deel 1 · 0:14/, 'Tab', 60)
  test.info().annotations.push({ type: 'tab stops', description: stops.join(' → ') })
  await page.keyboard.press('Enter')

  // The editor takes the focus, so the next Tab is inside it, not further down the list.
  const editor = page.getByRole('region', { name: 'Markering deel 1 · 0:14' })
  await expect(editor).toBeFocused()
  await tabTo(page, /^Notitie$/, 'Tab', 30)
  await page.keyboard.press('Control+A')
  await page.keyboard.type('Zie hoe de groep wacht.')
  await tabTo(page, /^Markering verwijderen$/, 'Tab', 10)
  const noteOf = async () => (await readTable<Marker>(page, 'markers')).find((m) => m.offsetSec !== null && Math.round(m.offsetSec) === 14)?.note
  await expect.poll(noteOf).toBe('Zie hoe de groep wacht.')

  // The window before the moment, typed.
  await tabTo(page, /^Seconden ervoor$/, 'Shift+Tab', 40)
  await page.keyboard.press('Control+A')
  await page.keyboard.type('6')
  await page.keyboard.press('Tab')
  await expect.poll(async () => (await readTable<Marker>(page, 'markers')).find((m) => m.note === 'Zie hoe de groep wacht.')?.leadSec).toBe(6)

  // Klaar closes the editor and gives the focus back to the marker in the list.
  await tabTo(page, /^Klaar$/, 'Tab', 40)
  await page.keyboard.press('Enter')
  await expect(editor).toBeHidden()
  await expect(page.getByRole('button', { name: /^Puzzel deel 1 · 0:14/ })).toBeFocused()

  // Chosen for the nagesprek with Space, on the star right beside it.
  await tabTo(page, /^Voor het nagesprek: Puzzel · deel 1 · 0:14$/, 'Tab', 1)
  const before = await page.locator(':focus').getAttribute('aria-pressed')
  await page.keyboard.press('Space')
  await expect(page.locator(':focus')).toHaveAttribute('aria-pressed', before === 'true' ? 'false' : 'true')
})

test('with a keyboard only: the nagesprek — a fragment chosen with the arrows or Tab, a question answered, the agreements written', async ({ page }) => {
  await openDemoReview(page)
  const toFollowUp = page.getByRole('link', { name: 'Naar het nagesprek' })
  await toFollowUp.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: /^Nagesprek/ })).toBeVisible()
  await page.getByRole('heading', { level: 1 }).click()

  const stops = await tabTo(page, /^2\. /, 'Tab', 30)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 3, name: /^Fragment 2 van/ })).toBeVisible()
  await expect(page.locator(':focus')).toHaveAttribute('aria-current', 'step')

  // The first reflective question of this fragment: its answer typed under it.
  stops.push(...await tabTo(page, /\?$/, 'Tab', 30))
  const question = stops.at(-1)!
  await page.keyboard.type('Ik gaf de opdracht te snel.')
  await page.keyboard.press('Tab')
  stops.push(await focusedControl(page))
  await expect.poll(async () => JSON.stringify((await readTable<FollowUp>(page, 'followUps'))[0]?.fragments)).toContain('Ik gaf de opdracht te snel.')

  // Afspraken, further down: reached with Tab, written, kept.
  stops.push(...await tabTo(page, /^Afspraken$/, 'Tab', 80))
  await page.keyboard.press('Control+A')
  await page.keyboard.type('Volgende les eerst voordoen, dan pas uitleggen.')
  await page.keyboard.press('Tab')
  await expect.poll(async () => (await readTable<FollowUp>(page, 'followUps'))[0]?.agreements).toBe('Volgende les eerst voordoen, dan pas uitleggen.')
  test.info().annotations.push({ type: 'tab stops', description: `${question}: ${stops.join(' → ')}` })
})
