import { expect, test, type Page } from '@playwright/test'
import { startEmulator } from '../emulator/index'
import { startRelay } from '../relay/index'

async function testConnection(page: Page, address: string): Promise<void> {
  await page.goto('/settings')
  const field = page.getByLabel('Adres van de camera')
  await field.fill(address)
  await field.blur()
  await page.getByRole('button', { name: 'Test verbinding' }).click()
}

test('a camera that sends no CORS headers: plain Dutch, no command, and the help page; through the relay it works', async ({ page }) => {
  const camera = await startEmulator({ model: 'theta-x' })
  const relay = await startRelay({ camera: camera.url })
  try {
    await testConnection(page, camera.url)
    const problem = page.getByRole('alert')
    await expect(problem).toContainText('Wat kun je doen?')
    await expect(problem).toContainText('relay')
    await expect(problem).not.toContainText('Failed to fetch')
    await expect(problem).not.toContainText('npm')
    await problem.getByRole('link', { name: 'Hoe koppel ik de camera?' }).click()
    await expect(page.getByRole('heading', { name: 'Camera koppelen', level: 1 })).toBeVisible()
    await expect(page.getByRole('img', { name: /tablet en de laptop met de relay/ })).toBeVisible()
    await page.getByRole('link', { name: 'Naar Instellingen' }).click()

    await testConnection(page, relay.url)
    const facts = page.getByRole('status').filter({ hasText: 'Verbonden met de camera' })
    await expect(facts).toBeVisible()
    await expect(facts).toContainText('RICOH THETA X')
    await expect(facts).not.toContainText('RICOH RICOH')
    await expect(facts.getByRole('definition').last()).toHaveText('2')
    await expect(facts).toContainText('%')
  } finally {
    await relay.close()
    await camera.close()
  }
})

test('the help page works offline', async ({ page, context }) => {
  await page.goto('/settings')
  // The service worker has the app cached once it controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready)
  await page.reload()
  await context.setOffline(true)
  try {
    await page.goto('/camera-help')
    await expect(page.getByRole('heading', { name: 'Camera koppelen', level: 1 })).toBeVisible()
  } finally {
    await context.setOffline(false)
  }
})

test('a camera that is not there: the coach is told to check the Wi-Fi', async ({ page }) => {
  await testConnection(page, 'http://127.0.0.1:9')
  await expect(page.getByRole('alert')).toContainText('wifi van de camera')
})

test('a THETA S (session-based API level 1) connects through the relay', async ({ page }) => {
  const camera = await startEmulator({ model: 'theta-s' })
  const relay = await startRelay({ camera: camera.url })
  try {
    await testConnection(page, relay.url)
    const facts = page.getByRole('status').filter({ hasText: 'Verbonden met de camera' })
    await expect(facts).toContainText('THETA S')
  } finally {
    await relay.close()
    await camera.close()
  }
})

test('a THETA in client mode asks for its password through the relay: told where to put it, then connected', async ({ page }) => {
  const camera = await startEmulator({ model: 'theta-z1', digest: { user: 'THETAYN10010066', password: '10010066' } })
  const relay = await startRelay({ camera: camera.url })
  try {
    await testConnection(page, relay.url)
    const problem = page.getByRole('alert')
    await expect(problem).toContainText('gebruikersnaam en wachtwoord')
    await problem.getByRole('link', { name: 'Hoe koppel ik de camera?' }).click()
    await expect(page.getByRole('heading', { name: 'Camera op het netwerk van de school (clientmodus)' })).toBeVisible()

    await testConnection(page, relay.url.replace('http://', 'http://THETAYN10010066:10010066@'))
    const facts = page.getByRole('status').filter({ hasText: 'Verbonden met de camera' })
    await expect(facts).toContainText('RICOH THETA Z1')
  } finally {
    await relay.close()
    await camera.close()
  }
})

test('Insta360 ONE X2: a card of 0 bytes and image-mode recording time are "onbekend", not 0', async ({ page }) => {
  const camera = await startEmulator({ model: 'insta360', cors: true })
  try {
    await testConnection(page, camera.url)
    const facts = page.getByRole('status').filter({ hasText: 'Verbonden met de camera' })
    await expect(facts).toContainText('Insta360 ONE X2')
    await expect(facts).not.toContainText('0 B')
    await expect(facts).not.toContainText('0:00')
    await expect(facts.getByRole('definition').nth(3)).toHaveText('onbekend')
    await expect(facts.getByRole('definition').nth(4)).toHaveText('onbekend')
  } finally {
    await camera.close()
  }
})
