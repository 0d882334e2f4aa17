import { mkdir } from 'node:fs/promises'
import { test } from '@playwright/test'
import { startEmulator } from '../../emulator/index'
import { walkDemo, walkEveryScreen } from '../../e2e/support/walk'

/** Where `npm run screenshots` puts its pictures (git-ignored): one PNG per screen and size. */
const OUT = 'screenshots'
const SIZES = [
  { name: 'tablet-landscape', width: 1180, height: 820 },
  { name: 'tablet-portrait', width: 800, height: 1280 },
  { name: 'phone', width: 390, height: 844 },
]

for (const size of SIZES) {
  test(`every screen at ${size.width}×${size.height}`, async ({ page }) => {
    await mkdir(OUT, { recursive: true })
    await page.setViewportSize(size)
    const camera = await startEmulator({ model: 'theta-x', cors: true })
    try {
      await walkEveryScreen(page, camera, async (screen) => {
        await page.screenshot({ path: `${OUT}/${size.name}-${screen}.png`, fullPage: true })
      })
    } finally {
      await camera.close()
    }
  })
}

for (const size of SIZES) {
  test(`the demo's finished cycle at ${size.width}×${size.height}`, async ({ page }) => {
    await mkdir(OUT, { recursive: true })
    await page.setViewportSize(size)
    await walkDemo(page, async (screen) => {
      await page.screenshot({ path: `${OUT}/${size.name}-demo-${screen}.png`, fullPage: true })
    })
  })
}
