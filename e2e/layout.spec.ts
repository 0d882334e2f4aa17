import { expect, test, type Page } from '@playwright/test'
import { startEmulator, type Emulator } from '../emulator/index'
import { openVisit, useCamera } from './support/visit'

// Landscape tablet, portrait 10" tablet and a phone a coach may glance at.
const SIZES = [
  { width: 1180, height: 820 },
  { width: 800, height: 1280 },
  { width: 390, height: 844 },
]

test.describe.configure({ timeout: 120_000 })

let camera: Emulator
test.afterEach(async () => { await camera?.close() })

/** Texts inside `selector` wider than their box (cut off or spilling out), with the overshoot in px. */
async function clippedTexts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((roots) => roots.flatMap((root) =>
    [root, ...root.querySelectorAll('*')].flatMap((el) => {
      // A button's words sit in inline spans (whose own scrollWidth is 0): the button is the box.
      const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim())
      if (!(hasText || el.matches('button, [role="tab"]')) || !(el instanceof HTMLElement) || el.offsetParent === null) return []
      const over = el.scrollWidth - el.clientWidth
      return over > 1 ? [`${el.textContent?.trim()} (+${over}px)`] : []
    })))
}

for (const size of SIZES) {
  test(`no text cut off in the tag sheet, status bar and tabs at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize(size)
    camera = await startEmulator({ model: 'theta-x', cors: true })
    await useCamera(page, camera.url)
    await openVisit(page, 'Hoe houd ik de aandacht van de hele groep vast tijdens de uitleg van een nieuwe oefening?')

    await page.getByRole('button', { name: 'Start opname' }).click()
    await expect(page.getByText(/Kaart: nog/)).toBeVisible()
    await page.getByRole('button', { name: 'Parel', exact: true }).click()
    const sheet = page.getByRole('region', { name: /^Parel bewaard/ })
    await expect(sheet).toBeVisible()
    // Every cell says what it stands for, readable without knowing the grid by heart.
    await expect(sheet.getByRole('button', { name: /Interactie · Relatie/ })).toHaveText(/Persoonlijk ontmoeten/)

    expect(await clippedTexts(page, '.tag-sheet')).toEqual([])
    expect(await clippedTexts(page, '[role="status"].status-bar')).toEqual([])
    expect(await clippedTexts(page, '[role="tablist"]')).toEqual([])
    expect(await clippedTexts(page, '.controls')).toEqual([])
    // Parel, Puzzel and the record button are all on screen, big enough for a thumb.
    for (const name of ['Parel', 'Puzzel', 'Stop opname']) {
      const box = await page.getByRole('button', { name, exact: true }).boundingBox()
      expect(box, name).not.toBeNull()
      expect(box!.height).toBeGreaterThanOrEqual(44)
      expect(box!.y + box!.height).toBeLessThanOrEqual(size.height)
    }
  })
}
