import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { startEmulator, type Emulator } from '../emulator/index'
import { angleBetween, openVisit, readTable, useCamera, yawOnScreen } from './support/visit'
import { walkDemo, walkEveryScreen } from './support/walk'
import { tabTo } from './support/keyboard'
import type { Marker } from '../src/domain/model'

test.describe.configure({ timeout: 240_000 })

let camera: Emulator
test.afterEach(async () => { await camera?.close() })

/** The screen's serious and critical axe findings, after checking it speaks Dutch. */
async function violationsOn(page: Page, screen: string): Promise<string[]> {
  expect(await page.evaluate(() => document.documentElement.lang), screen).toBe('nl')
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return violations
    .filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map((v) => `${screen}: ${v.id} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
}

test('every screen, in Dutch, without serious or critical accessibility violations', async ({ page }) => {
  camera = await startEmulator({ model: 'theta-x', cors: true })
  const found: string[] = []
  await walkEveryScreen(page, camera, async (screen) => { found.push(...await violationsOn(page, screen)) })
  expect(found).toEqual([])
})

test('the welcome and the demo coachee\'s filled-in screens, without serious or critical accessibility violations', async ({ page }) => {
  const found: string[] = []
  await walkDemo(page, async (screen) => { found.push(...await violationsOn(page, `demo ${screen}`)) })
  expect(found).toEqual([])
})

test('with a keyboard only: the visit from the top, a tab switched with the arrows, a recording, a Parel, a kijkwijzer cell in the tag sheet, and back', async ({ page }) => {
  camera = await startEmulator({ model: 'theta-x', cors: true })
  await useCamera(page, camera.url)
  await openVisit(page)
  await page.reload()
  await expect(page.getByText('Camera verbonden')).toBeVisible()

  // The first stop is the skip link, shown when reached.
  const stops = await tabTo(page, /^Naar de inhoud$/, 'Tab', 1)
  await expect(page.getByRole('link', { name: 'Naar de inhoud' })).toBeInViewport()
  // The live picture in words; turned with the arrow keys, the words follow once it settles.
  const picture = page.getByRole('status').filter({ hasText: /^Live beeld van de camera, kijkrichting \d+°$/ })
  await expect(picture).toHaveText('Live beeld van de camera, kijkrichting 0°')
  stops.push(...await tabTo(page, /^Live 360°-beeld/))
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight')
  await expect(picture).not.toHaveText('Live beeld van de camera, kijkrichting 0°')
  stops.push(...await tabTo(page, /^Markeringen$/))
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('tab', { name: 'Kijkwijzer' })).toBeFocused()
  await expect(page.getByRole('tab', { name: 'Kijkwijzer' })).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowLeft')
  await expect(page.getByRole('tab', { name: 'Markeringen' })).toHaveAttribute('aria-selected', 'true')
  stops.push(...await tabTo(page, /^Start opname$/))
  // The order a coach reads the screen in: status and picture first, the panel, then the big buttons.
  expect(stops.indexOf('Markeringen')).toBeLessThan(stops.indexOf('Parel'))
  expect(stops.indexOf('Parel')).toBeLessThan(stops.indexOf('Puzzel'))
  expect(stops.indexOf('Puzzel')).toBeLessThan(stops.indexOf('Start opname'))
  test.info().annotations.push({ type: 'tab stops', description: stops.join(' → ') })

  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'Stop opname' })).toBeVisible()
  await expect.poll(() => camera.status().recording?.elapsedMs ?? 0).toBeGreaterThan(1000)
  await tabTo(page, /^Parel$/, 'Shift+Tab', 3)
  await page.keyboard.press('Enter')

  // The tag sheet takes the focus; its cells are reached with Tab and picked with Space.
  const sheet = page.getByRole('region', { name: /^Parel bewaard/ })
  await expect(sheet).toBeFocused()
  await tabTo(page, /^Interactie · Relatie/, 'Tab', 10)
  await page.keyboard.press('Space')
  await expect(sheet.getByRole('button', { name: /Interactie · Relatie/ })).toHaveAttribute('aria-pressed', 'true')
  await expect.poll(async () => (await readTable<Marker>(page, 'markers'))[0]?.cell).toEqual({ rowId: 'interaction', columnId: 'relation' })

  // Escape closes it, and the focus is back on Parel for the next moment.
  await page.keyboard.press('Escape')
  await expect(sheet).toBeHidden()
  await expect(page.getByRole('button', { name: 'Parel', exact: true })).toBeFocused()
})

test('less motion asked for: the player jumps to a marker\'s direction instead of turning, no transitions; its state in words', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.goto('/')
  await page.getByRole('button', { name: 'Demo-coachee bekijken' }).click()
  await page.getByRole('link', { name: /Voorbeeldtraject/ }).click()
  await page.getByRole('link', { name: 'Naar terugkijken' }).click()
  const state = page.getByRole('status').filter({ hasText: /^(Afspelen gepauzeerd|Speelt af)/ })
  await expect(state).toHaveText('Afspelen gepauzeerd op 0:00, kijkrichting 0°')
  const player = /360°-beeld van de opname/
  await expect.poll(async () => (await yawOnScreen(page, player)) !== null, { timeout: 15_000 }).toBe(true)

  // The Puzzel at 0:14 looks to 130°: every picture after the tap is at 0° or at 130°, none on the way.
  await page.getByRole('button', { name: 'Puzzel op 0:14' }).click()
  const seen: number[] = []
  for (let i = 0; i < 12; i++) {
    const yaw = await yawOnScreen(page, player)
    if (yaw !== null) seen.push(Math.round(yaw))
  }
  // Read off the picture's colour (± a few degrees in the demo's small clip).
  expect(seen.filter((yaw) => angleBetween(yaw, 0) > 6 && angleBetween(yaw, 130) > 6), seen.join(' ')).toEqual([])
  expect(angleBetween(seen.at(-1)!, 130)).toBeLessThan(6)
  await expect(state).toHaveText('Afspelen gepauzeerd op 0:14, kijkrichting 130°')

  await page.getByRole('button', { name: 'Afspelen', exact: true }).click()
  await expect(state).toHaveText('Speelt af vanaf 0:14')
  await page.getByRole('button', { name: 'Pauze' }).click()
  await expect(state).toHaveText(/^Afspelen gepauzeerd op 0:1\d, kijkrichting 130°$/)

  const moving = await page.getByRole('button', { name: 'Pauze' }).or(page.getByRole('button', { name: 'Afspelen', exact: true }))
    .evaluate((el) => { const s = getComputedStyle(el); return [s.transitionDuration, s.animationDuration] })
  expect(moving).toEqual(['0s', '0s'])
})
