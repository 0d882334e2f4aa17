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

test('a camera that sends no CORS headers gets a clear explanation; through the relay it works', async ({ page }) => {
  const camera = await startEmulator({ model: 'theta-x' })
  const relay = await startRelay({ camera: camera.url })
  try {
    await testConnection(page, camera.url)
    const problem = page.getByRole('alert')
    await expect(problem).toContainText('Wat kun je doen?')
    await expect(problem).toContainText('relay')
    await expect(problem).not.toContainText('Failed to fetch')

    await testConnection(page, relay.url)
    const facts = page.getByRole('status').filter({ hasText: 'Verbonden met de camera' })
    await expect(facts).toBeVisible()
    await expect(facts).toContainText('THETA X')
    await expect(facts.getByRole('definition').last()).toHaveText('2')
    await expect(facts).toContainText('%')
  } finally {
    await relay.close()
    await camera.close()
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
