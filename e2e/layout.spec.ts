import { expect, test, type Page } from '@playwright/test'
import { startEmulator, type Emulator } from '../emulator/index'
import { openVisit, useCamera } from './support/visit'
import { walkDemo } from './support/walk'

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
      // Hidden on purpose until focused (skip link, labels a screen reader reads): not cut off.
      if (el.closest('.visually-hidden')) return []
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

/** The innermost elements reaching past the right edge of the screen (the page then scrolls sideways). */
async function sticksOut(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const edge = document.documentElement.clientWidth + 1
    const over = (el: Element) => el.getBoundingClientRect().right > edge && !el.closest('.visually-hidden')
    return [...document.body.querySelectorAll('*')]
      .filter((el) => over(el) && ![...el.children].some(over))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} “${el.textContent?.trim().slice(0, 40)}” (+${Math.round(el.getBoundingClientRect().right - edge + 1)}px)`)
  })
}

/** Text fields whose writing does not fit: part of it is hidden behind a scroll bar. */
async function hiddenWriting(page: Page): Promise<string[]> {
  return page.locator('textarea').evaluateAll((fields) => fields.flatMap((el) =>
    el instanceof HTMLTextAreaElement && el.offsetParent !== null && el.scrollHeight > el.clientHeight + 1
      ? [`${el.value.slice(0, 40)} (+${el.scrollHeight - el.clientHeight}px)`]
      : []))
}

/** Controls a finger must hit that are smaller than 44 px either way (text links inside a sentence aside). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.locator('button, a.button, [role="tab"], [role="radio"], select, input:not([type="checkbox"]):not([type="radio"]):not([type="range"]), [role="slider"]')
    .evaluateAll((controls) => controls.flatMap((el) => {
      const box = el.getBoundingClientRect()
      if (!(el instanceof HTMLElement) || el.offsetParent === null || box.width === 0 || el.closest('.visually-hidden')) return []
      return box.height < 44 || box.width < 44
        ? [`${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName} (${Math.round(box.width)}×${Math.round(box.height)})`]
        : []
    }))
}

for (const size of SIZES) {
  test(`every screen of a finished cycle fits at ${size.width}×${size.height}: no sideways scrolling, nothing cut off, targets ≥ 44 px`, async ({ page }) => {
    await page.setViewportSize(size)
    const found: string[] = []
    await walkDemo(page, async (screen) => {
      for (const wide of await sticksOut(page)) found.push(`${screen}: wider than the screen: ${wide}`)
      for (const text of await clippedTexts(page, 'body')) found.push(`${screen}: cut off: ${text}`)
      for (const target of await smallTargets(page)) found.push(`${screen}: small target: ${target}`)
      for (const text of await hiddenWriting(page)) found.push(`${screen}: text hidden in its field: ${text}`)
    })
    expect(found).toEqual([])
  })
}
