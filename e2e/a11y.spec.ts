import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { startEmulator, type Emulator } from '../emulator/index'
import { walkDemo, walkEveryScreen } from './support/walk'

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
