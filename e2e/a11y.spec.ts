import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { startEmulator, type Emulator } from '../emulator/index'
import { walkEveryScreen } from './support/walk'

test.describe.configure({ timeout: 240_000 })

let camera: Emulator
test.afterEach(async () => { await camera?.close() })

test('every screen, in Dutch, without serious or critical accessibility violations', async ({ page }) => {
  camera = await startEmulator({ model: 'theta-x', cors: true })
  const found: string[] = []
  await walkEveryScreen(page, camera, async (screen) => {
    expect(await page.evaluate(() => document.documentElement.lang), screen).toBe('nl')
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
    for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      found.push(`${screen}: ${v.id} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
    }
  })
  expect(found).toEqual([])
})
