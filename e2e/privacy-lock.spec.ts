import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { resolve } from 'node:path'
import { startEmulator, type Emulator } from '../emulator/index'
import { startTestServer, type TestServer } from '../server/test/harness'
import { addCoachee } from './support/coach'
import { openVisit, readTable, stopRecording, useCamera } from './support/visit'
import type { Coachee, Marker } from '../src/domain/model'

// PBKDF2 with 600 000 iterations runs at every unlock and wrong try; a real recording runs in real time.
test.describe.configure({ timeout: 240_000 })

let camera: Emulator | undefined
let server: TestServer | undefined
test.afterEach(async () => {
  await camera?.close()
  await server?.close()
})

const PASSCODE = '246810'
const lockScreen = (page: Page) => page.getByRole('dialog', { name: 'Rondblik is vergrendeld' })

/** In the settings, reached by the app's own link: a reload (page.goto) would find the app locked. */
async function setPasscode(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Instellingen' }).click()
  const card = page.getByRole('region', { name: 'App-vergrendeling' })
  await card.getByRole('button', { name: 'Passcode instellen' }).click()
  await card.getByLabel('Nieuwe passcode', { exact: true }).fill('12345')
  await card.getByLabel('Herhaal de nieuwe passcode').fill('12345')
  await card.getByRole('button', { name: 'Passcode instellen' }).click()
  await expect(card.getByRole('alert')).toHaveText('Een passcode van alleen cijfers heeft er minstens 6.')
  await card.getByLabel('Nieuwe passcode', { exact: true }).fill(PASSCODE)
  await card.getByLabel('Herhaal de nieuwe passcode').fill(PASSCODE)
  await card.getByRole('button', { name: 'Passcode instellen' }).click()
  await expect(card.getByText('De passcode is ingesteld.')).toBeVisible()
}

/** The tablet goes to another app (or the screen off): the page is hidden, then shown again. */
async function toBackgroundAndBack(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    delete (document as { visibilityState?: unknown }).visibilityState
    document.dispatchEvent(new Event('visibilitychange'))
  })
}

async function unlock(page: Page, passcode = PASSCODE): Promise<void> {
  await lockScreen(page).getByLabel('Passcode').fill(passcode)
  await lockScreen(page).getByRole('button', { name: 'Ontgrendelen' }).click()
}

test('app lock: set a passcode, locked by the background and by idle time, no name on the lock screen, wrong passcodes limited, unlock', async ({ page }) => {
  await page.clock.install()
  await addCoachee(page, 'Sanne de Vries')
  await setPasscode(page)
  // The name is stored encrypted now; the app still shows it.
  const [stored] = await readTable<Coachee>(page, 'coachees')
  expect(typeof stored!.name).not.toBe('string')
  await page.getByRole('link', { name: 'Coachees' }).click()
  await expect(page.getByText('Sanne de Vries')).toBeVisible()

  // To the background: locked at once. Nothing of the app behind it, no name.
  await toBackgroundAndBack(page)
  await expect(lockScreen(page)).toBeVisible()
  await expect(lockScreen(page).getByLabel('Passcode')).toBeFocused()
  expect(await page.locator('body').innerText()).not.toContain('Sanne')
  await expect(page.getByRole('navigation')).toHaveCount(0)
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])

  // Four wrong tries are told; the fifth makes the next one wait 30 s, also after a reload.
  for (let i = 0; i < 4; i += 1) {
    await unlock(page, '135791')
    await expect(lockScreen(page).getByRole('alert')).toHaveText('Deze passcode klopt niet.')
    await expect(lockScreen(page).getByRole('button', { name: 'Ontgrendelen' })).toBeEnabled()
  }
  await unlock(page, '135791')
  // The wait counts from the try itself, which PBKDF2 keeps busy for a moment.
  await expect(lockScreen(page).getByRole('alert')).toHaveText(/^Deze passcode klopt niet\. Te vaak geprobeerd: wacht (30|2\d) seconden voor je het opnieuw probeert\.$/)
  await expect(lockScreen(page).getByRole('button', { name: 'Ontgrendelen' })).toBeDisabled()
  await page.reload()
  await expect(lockScreen(page).getByRole('alert')).toHaveText(/^Te vaak een verkeerde passcode\. Probeer het over (30|[12]\d) seconden opnieuw\.$/)
  await expect(lockScreen(page).getByRole('button', { name: 'Ontgrendelen' })).toBeDisabled()
  await page.clock.fastForward(31_000)
  await expect(lockScreen(page).getByRole('button', { name: 'Ontgrendelen' })).toBeEnabled()
  await unlock(page)
  await expect(lockScreen(page)).toBeHidden()
  await expect(page.getByText('Sanne de Vries')).toBeVisible()

  // Idle: after 2 minutes without a tap (the coach's choice), not before.
  await page.getByRole('link', { name: 'Instellingen' }).click()
  await page.getByRole('radiogroup', { name: 'Vergrendelen na' }).getByText('2 min').click()
  await expect(page.getByRole('radio', { name: '2 min' })).toBeChecked()
  await page.clock.fastForward(119_000)
  await expect(page.getByRole('heading', { name: 'App-vergrendeling' })).toBeVisible()
  await page.clock.fastForward(2_000)
  await expect(lockScreen(page)).toBeVisible()
  await unlock(page)
  await expect(page.getByRole('heading', { name: 'App-vergrendeling' })).toBeVisible()

  // Passcode vergeten? explains, and offers the wipe (not taken here).
  await page.getByRole('button', { name: 'Nu vergrendelen' }).click()
  await lockScreen(page).getByRole('button', { name: 'Passcode vergeten?' }).click()
  await expect(lockScreen(page)).toContainText('Zonder de passcode blijven de gegevens op deze tablet onleesbaar')
  await expect(lockScreen(page).getByRole('button', { name: 'Tablet wissen' })).toBeVisible()
  await lockScreen(page).getByRole('button', { name: 'Terug naar ontgrendelen' }).click()
  await unlock(page)
  await expect(lockScreen(page)).toBeHidden()
})

test('never locked during a recording: to the background and back, the Parel tap still lands; after the stop it locks', async ({ page }) => {
  camera = await startEmulator({ model: 'theta-x', cors: true })
  await useCamera(page, camera.url)
  await openVisit(page)
  await setPasscode(page)
  await page.goBack()
  await expect(page.getByText('Camera verbonden')).toBeVisible()
  await page.getByRole('button', { name: 'Start opname' }).click()
  await expect.poll(() => camera!.status().recording?.elapsedMs ?? 0, { timeout: 30_000 }).toBeGreaterThan(1000)

  await toBackgroundAndBack(page)
  await expect(lockScreen(page)).toHaveCount(0)
  await page.getByRole('button', { name: 'Parel', exact: true }).click()
  await expect(page.getByRole('region', { name: /^Parel bewaard/ })).toBeVisible()
  await expect.poll(async () => (await readTable<Marker>(page, 'markers')).map((m) => m.kind)).toEqual(['pearl'])

  await toBackgroundAndBack(page)
  await expect(lockScreen(page)).toHaveCount(0)
  await stopRecording(page)
  await toBackgroundAndBack(page)
  await expect(lockScreen(page)).toBeVisible()
  expect(await page.locator('body').innerText()).not.toContain('Sanne')
  // Unlocked, the visit screen is back (drawn afresh: nothing of it stayed behind the lock).
  await unlock(page)
  await expect(page.getByText('Camera verbonden')).toBeVisible()
  expect((await readTable<Marker>(page, 'markers')).length).toBe(1)
})

test('a forgotten passcode: the tablet is wiped, and signing in to the school server again brings the synced coachee back', async ({ browser }) => {
  server = await startTestServer({ distDir: resolve(process.env.E2E_DIST ?? 'dist') })
  await server.addCoach('anna')
  const page = await (await browser.newContext({ baseURL: server.url })).newPage()
  const schoolServer = page.getByRole('region', { name: 'Schoolserver' })
  const signIn = async () => {
    await page.getByRole('link', { name: 'Instellingen' }).click()
    await schoolServer.getByLabel('Adres van de schoolserver').fill(server!.url)
    await schoolServer.getByLabel('Gebruikersnaam').fill('anna')
    await schoolServer.getByLabel('Wachtwoord').fill('geheim-wachtwoord')
    await schoolServer.getByRole('button', { name: 'Aanmelden' }).click()
    await expect(schoolServer.getByText(/Aangemeld als/)).toBeVisible()
    await schoolServer.getByRole('button', { name: 'Nu synchroniseren' }).click()
    await expect(schoolServer.getByText('Alles is verstuurd')).toBeVisible()
  }
  await addCoachee(page, 'Daan Visser', 'Pabo Utrecht')
  await signIn()
  await setPasscode(page)
  await page.getByRole('button', { name: 'Nu vergrendelen' }).click()

  await lockScreen(page).getByRole('button', { name: 'Passcode vergeten?' }).click()
  await expect(lockScreen(page)).toContainText('Deze tablet is aangemeld bij de schoolserver.')
  await lockScreen(page).getByRole('button', { name: 'Tablet wissen' }).click()
  await lockScreen(page).getByRole('button', { name: 'Ja, alles wissen' }).click()

  // Wiped (the app starts afresh where it was): no lock, not signed in, no coachee; signing in again brings Daan back.
  await expect(schoolServer.getByRole('button', { name: 'Aanmelden' })).toBeVisible()
  await expect(lockScreen(page)).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'App-vergrendeling' }).getByRole('button', { name: 'Passcode instellen' })).toBeVisible()
  await page.getByRole('link', { name: 'Coachees' }).click()
  await expect(page.getByRole('button', { name: 'Nieuwe coachee' })).toBeVisible()
  await expect(page.getByText('Daan Visser')).toHaveCount(0)
  await signIn()
  await page.getByRole('link', { name: 'Coachees' }).click()
  await expect(page.getByRole('link', { name: /Daan Visser/ })).toBeVisible()
})
