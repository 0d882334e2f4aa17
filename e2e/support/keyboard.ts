import { expect, type Page } from '@playwright/test'

/** Checks the focused control: a Dutch name, and a focus ring one can see. Returns its name. */
export async function focusedControl(page: Page): Promise<string> {
  const focused = page.locator(':focus')
  await expect(focused).toHaveCount(1)
  await expect(focused).toHaveAccessibleName(/\S/)
  const ring = await focused.evaluate((el) => {
    const style = getComputedStyle(el)
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
  })
  // The accessible name as a screen reader says it (an aria-hidden icon left out); YAML may quote the line.
  const name = /^- '?\w+ "(.*?)"/.exec(await focused.ariaSnapshot())?.[1] ?? ''
  expect(ring, `focus ring on ${name}`).toBe(true)
  return name
}

/** Presses Tab (or Shift+Tab) until the focused control's name matches; every stop is checked on the way. */
export async function tabTo(page: Page, name: RegExp, key = 'Tab', most = 40): Promise<string[]> {
  const stops: string[] = []
  for (let i = 0; i < most; i++) {
    await page.keyboard.press(key)
    stops.push(await focusedControl(page))
    if (name.test(stops[stops.length - 1]!)) return stops
  }
  throw new Error(`${name} not reached with ${key}; went through: ${stops.join(' → ')}`)
}
