import { expect, test } from '@playwright/test'
import { startStaticServer } from '../scripts/serve'
import { addCoachee, waitForServiceWorkerControl } from './support/coach'

test('the built manifest says what the tablet needs to install the app', async ({ page, request }) => {
  await page.goto('/')
  const href = await page.locator('link[rel="manifest"]').getAttribute('href')
  expect(href).toBeTruthy()
  const manifest = await (await request.get(href!)).json()
  expect(manifest).toMatchObject({
    name: 'Rondblik', short_name: 'Rondblik', lang: 'nl', display: 'standalone', orientation: 'landscape',
    start_url: '/',
  })
  expect(manifest.description).toMatch(/360°/)
  expect(manifest.theme_color).toMatch(/^#/)
  const sizes = manifest.icons.map((icon: { sizes: string; purpose?: string }) => `${icon.sizes}${icon.purpose === 'maskable' ? ' maskable' : ''}`)
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512', '512x512 maskable']))
  expect(manifest.screenshots.some((s: { form_factor?: string }) => s.form_factor === 'wide')).toBe(true)
  for (const icon of [...manifest.icons, ...manifest.screenshots]) {
    expect((await request.get(icon.src)).status()).toBe(200)
  }
  await waitForServiceWorkerControl(page)
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated')
})

test('with the network off, the app opens, follows deep links and saves', async ({ page, context }) => {
  const coacheeId = await addCoachee(page, 'Offline Olga')
  await waitForServiceWorkerControl(page)

  await context.setOffline(true)
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Coachees' })).toBeVisible()
  await expect(page.getByText('Geen netwerk')).toBeVisible()
  await page.goto(`/coachee/${coacheeId}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Offline Olga' })).toBeVisible()
  await page.goto('/settings')
  await expect(page.getByRole('heading', { level: 1, name: 'Instellingen' })).toBeVisible()

  await addCoachee(page, 'Zonder Netwerk')
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Zonder Netwerk' })).toBeVisible()
  await context.setOffline(false)
})

test('a new version waits for the coach and never reloads by itself', async ({ page }) => {
  let version = 1
  const server = await startStaticServer({
    root: 'dist',
    // Any byte change in sw.js is a new service worker version to the browser.
    transform: (path, body) => (path === '/sw.js' && version > 1 ? Buffer.concat([body, Buffer.from(`\n// v${version}\n`)]) : body),
  })
  try {
    await page.goto(server.url)
    await waitForServiceWorkerControl(page)
    await expect(page.getByRole('heading', { level: 1, name: 'Coachees' })).toBeVisible()
    await page.evaluate(() => { (window as unknown as { stillHere: boolean }).stillHere = true })

    version = 2
    await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update() })
    const notice = page.getByRole('alert').filter({ hasText: 'Er is een nieuwe versie van Rondblik.' })
    await expect(notice).toBeVisible()
    await page.waitForTimeout(1500)
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true)

    await notice.getByRole('button', { name: 'Later' }).click()
    await expect(notice).toBeHidden()
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true)
  } finally {
    await server.close()
  }
})
