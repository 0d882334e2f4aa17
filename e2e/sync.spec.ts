import { expect, test, type Browser, type Page } from '@playwright/test'
import { resolve } from 'node:path'
import { startTestServer, type TestServer } from '../server/test/harness'
import { addCoachee } from './support/coach'

// Two browser contexts are two tablets; the built app is served by the school server itself.
let server: TestServer
test.beforeAll(async () => {
  server = await startTestServer({ distDir: resolve(process.env.E2E_DIST ?? 'dist') })
  await server.addCoach('anna')
  await server.addCoach('bram')
})
test.afterAll(() => server?.close())

async function tablet(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: server.url })).newPage()
  await page.goto(`${server.url}/settings`)
  await signIn(page, username)
  return page
}

async function signIn(page: Page, username: string): Promise<void> {
  const card = page.getByRole('region', { name: 'Schoolserver' })
  await card.getByLabel('Adres van de schoolserver').fill(server.url)
  await card.getByLabel('Gebruikersnaam').fill(username)
  await card.getByLabel('Wachtwoord').fill('geheim-wachtwoord')
  await card.getByRole('button', { name: 'Aanmelden' }).click()
  await expect(card.getByText(/Aangemeld als/)).toBeVisible()
}

async function syncNow(page: Page): Promise<void> {
  await page.goto(`${server.url}/settings`)
  const card = page.getByRole('region', { name: 'Schoolserver' })
  await card.getByRole('button', { name: 'Nu synchroniseren' }).click()
  await expect(card.getByText(/Gesynchroniseerd · zojuist/)).toBeVisible()
  await expect(card.getByText('Alles is verstuurd')).toBeVisible()
}

test('a coach signs in on two tablets and finds her coachee on the second; another coach sees none of it; a revoked tablet is wiped and told', async ({ browser }) => {
  const a = await tablet(browser, 'anna')
  await a.goto(server.url)
  await addCoachee(a, 'Daan Visser', 'Pabo Utrecht')
  await syncNow(a)

  const b = await tablet(browser, 'anna')
  await syncNow(b)
  await b.goto(server.url)
  await expect(b.getByRole('link', { name: /Daan Visser/ })).toBeVisible()

  const bram = await tablet(browser, 'bram')
  await syncNow(bram)
  await bram.goto(server.url)
  await expect(bram.getByText('Daan Visser')).toHaveCount(0)

  // Tablet A is lost: the coach revokes it from tablet B's Apparaten list.
  await b.goto(`${server.url}/settings`)
  const devices = b.getByRole('region', { name: 'Apparaten' })
  b.once('dialog', (dialog) => void dialog.accept())
  await devices.getByRole('button', { name: 'Intrekken' }).first().click()
  await expect(devices.getByText(/Ingetrokken/)).toBeVisible()

  // Its next contact is the sync on opening the app.
  await a.goto(`${server.url}/settings`)
  await expect(a.getByRole('alert').filter({ hasText: 'door de school afgemeld' })).toBeVisible()
  await a.goto(server.url)
  await expect(a.getByText('Daan Visser')).toHaveCount(0)
})
