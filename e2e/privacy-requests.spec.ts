import { expect, test } from '@playwright/test'
import { startEmulator, type Emulator } from '../emulator/index'
import { openVisit, stopRecording, useCamera } from './support/visit'

// A whole cycle with a real recording and a rendered report: slow on two shared cores.
test.describe.configure({ timeout: 480_000 })

let camera: Emulator
test.afterEach(async () => { await camera?.close() })

declare global {
  interface Window { cspViolations: string[] }
}

test('nothing leaves the tablet: a visit, its import, review and nagesprek talk only to the app and the camera', async ({ page, context, baseURL }) => {
  camera = await startEmulator({ model: 'theta-x', cors: true })
  const allowed = new Set([new URL(baseURL!).origin, new URL(camera.url).origin])
  // The context sees the service worker's requests too, not only the page's.
  const requests: string[] = []
  context.on('request', (request) => { requests.push(request.url()) })
  await context.addInitScript(() => {
    window.cspViolations = []
    document.addEventListener('securitypolicyviolation', (event) => { window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`) })
  })

  await useCamera(page, camera.url)
  const visit = await openVisit(page)
  const cycle = visit.split('/')[2]!
  await page.getByRole('button', { name: 'Start opname' }).click()
  await expect.poll(() => camera.status().recording?.elapsedMs ?? 0).toBeGreaterThan(1500)
  for (const kind of ['Parel', 'Puzzel', 'Parel'] as const) {
    await page.getByRole('button', { name: kind, exact: true }).click()
    await expect(page.getByRole('region', { name: new RegExp(`^${kind} bewaard`) })).toBeVisible()
    await page.getByRole('button', { name: 'Klaar' }).click()
    await page.waitForTimeout(1000)
  }
  await stopRecording(page)

  await page.goto(`/cycle/${cycle}/import`)
  await page.getByRole('button', { name: 'Ophalen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Klaar en gecontroleerd.' })).toBeVisible({ timeout: 120_000 })

  await page.goto(`/cycle/${cycle}/review`)
  await expect(page.getByRole('heading', { level: 1, name: 'Terugkijken — cyclus 1' })).toBeVisible()
  for (const chosen of await page.getByRole('button', { name: /^Voor het nagesprek: / }).all()) await chosen.click()
  await page.getByRole('button', { name: 'Afspelen' }).first().click()
  await page.getByRole('link', { name: 'Naar het nagesprek' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nagesprek — cyclus 1' })).toBeVisible()
  await page.getByRole('button', { name: 'Volgend fragment' }).click()
  await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Verslag (PDF)' }).click()])
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Markeringen (CSV)' }).click()])

  const origins = new Set(requests.filter((url) => /^https?:/.test(url)).map((url) => new URL(url).origin))
  expect(requests.some((url) => url.startsWith(camera.url))).toBe(true)
  expect([...origins].filter((origin) => !allowed.has(origin))).toEqual([])
  expect(await page.evaluate(() => window.cspViolations)).toEqual([])

  // The built app carries the policy, and it holds: a script or a picture from elsewhere is refused.
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /script-src 'self'; style-src 'self'; img-src 'self' data: blob:/)
  const violations = await page.evaluate(async () => {
    const script = document.createElement('script')
    script.src = 'https://cdn.example.org/analytics.js'
    const pixel = document.createElement('img')
    pixel.src = 'https://tracker.example.org/pixel.gif'
    document.body.append(script, pixel)
    await new Promise((resolve) => setTimeout(resolve, 300))
    return window.cspViolations
  })
  expect(violations).toEqual(expect.arrayContaining(['script-src-elem https://cdn.example.org/analytics.js', 'img-src https://tracker.example.org/pixel.gif']))
})
