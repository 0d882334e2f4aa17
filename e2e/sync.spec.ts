import { expect, test, type Browser, type Page } from '@playwright/test'
import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { startEmulator, type Emulator } from '../emulator/index'
import { startTestServer, type TestServer } from '../server/test/harness'
import type { Asset, AssetsResponse } from '../src/sync/protocol'
import type { Marker, Recording } from '../src/domain/model'
import { formatDuration } from '../src/i18n/format'
import { addCoachee } from './support/coach'
import { openVisit, readTable, stopRecording, useCamera } from './support/visit'

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

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const kindName = (m: Marker) => (m.kind === 'pearl' ? 'Parel' : 'Puzzel')

/** The coach's verified assets of a recording, asked as another device of `username` would. */
async function assetsOnServer(username: string, recordingId: string): Promise<{ assets: Asset[]; token: string }> {
  const client = server.client()
  expect((await client.login(username)).status).toBe(200)
  const answer = await client.request<AssetsResponse>('GET', `/api/video/assets?recordingId=${recordingId}`)
  return { assets: answer.body.assets ?? [], token: client.session!.accessToken }
}

/** The player on screen plays from the school server: its source is a video link and its time moves on. */
async function playsFromServer(page: Page): Promise<void> {
  const player = page.getByRole('group', { name: 'Speler' })
  await expect.poll(() => page.evaluate(() => document.querySelector('video')?.src ?? '')).toContain('/api/video-link/')
  const before = await page.evaluate(() => document.querySelector('video')!.currentTime)
  const play = player.getByRole('button', { name: 'Afspelen' })
  if (await play.isVisible()) await play.click()
  await expect.poll(() => page.evaluate(() => document.querySelector('video')!.currentTime), { timeout: 20_000 }).toBeGreaterThan(before + 0.5)
  await player.getByRole('button', { name: 'Pauze' }).click()
}

test.describe('chosen video', () => {
  // A real visit in real time with the emulator, imports and uploads: slow on two shared cores.
  test.describe.configure({ timeout: 420_000 })
  let camera: Emulator
  test.afterEach(async () => { await camera?.close() })

  test('tablet A records and imports the whole file, sends the nagesprek’s fragment cut on the tablet; tablet B of the same coach plays it from the server; another coach gets none of it; the whole file survives a cut link byte for byte', async ({ browser }) => {
    const a = await tablet(browser, 'anna')
    camera = await startEmulator({ model: 'theta-x', cors: true })
    await useCamera(a, camera.url)
    const cycle = (await openVisit(a)).replace(/\/visit$/, '')
    // The camera file grows past a few tus chunks (sparse filler), so the whole file can be cut mid-way.
    camera.faults.growNextClip(24 * 1024 * 1024)
    await a.getByRole('button', { name: 'Start opname' }).click()
    await expect.poll(() => camera.status().recording?.elapsedMs ?? 0).toBeGreaterThan(3000)
    for (const kind of ['Parel', 'Puzzel'] as const) {
      await a.getByRole('button', { name: kind, exact: true }).click()
      await expect(a.getByRole('region', { name: new RegExp(`^${kind} bewaard`) })).toBeVisible()
      await a.getByRole('button', { name: 'Klaar' }).click()
      await a.waitForTimeout(1500)
    }
    await stopRecording(a)

    // The whole file comes to the tablet; the coach chooses the puzzle for the nagesprek.
    await a.goto(`${cycle}/import`)
    await a.getByRole('radio', { name: 'Hele opname' }).check()
    await a.getByRole('button', { name: 'Ophalen' }).click()
    await expect(a.getByText('Hele opname op deze tablet')).toBeVisible({ timeout: 120_000 })
    const markers = (await readTable<Marker>(a, 'markers')).sort((x, y) => x.tappedAt - y.tappedAt)
    const [recording] = await readTable<Recording>(a, 'recordings')
    const puzzle = markers.find((m) => m.kind === 'puzzle')!
    await a.goto(`${cycle}/review`)
    const choose = a.getByRole('button', { name: `Voor het nagesprek: Puzzel · deel 1 · ${formatDuration(puzzle.offsetSec!)}` })
    await choose.click()
    await expect(choose).toHaveAttribute('aria-pressed', 'true')
    await syncNow(a)

    // "De fragmenten": the nagesprek's fragment, cut on the tablet out of the whole file, sent and verified.
    await a.goto(`${cycle}/import`)
    const upload = a.getByRole('region', { name: 'Opname 1 naar de schoolserver' })
    await expect(upload.getByRole('radio', { name: 'De fragmenten' })).toBeChecked()
    await upload.getByRole('button', { name: 'Versturen' }).click()
    await expect(upload.getByText('Staat op de schoolserver en is gecontroleerd.')).toBeVisible({ timeout: 60_000 })
    const sent = await assetsOnServer('anna', recording!.id)
    expect(sent.assets.map((x) => [x.kind, x.status])).toEqual([['fragment', 'verified']])
    const [fragment] = sent.assets
    expect(fragment!.startSec).toBeLessThanOrEqual(Math.max(0, puzzle.offsetSec! - puzzle.leadSec))
    expect(fragment!.size).toBeLessThan(4 * 1024 * 1024) // of a 24 MB file
    // Nothing more to send for the fragments; the tablet's copy may go now, and only it.
    await expect(upload.getByRole('button', { name: 'Versturen' })).toHaveCount(0)
    await upload.getByRole('button', { name: 'Ruimte vrijmaken op deze tablet' }).click()
    await upload.getByRole('button', { name: 'Ja, verwijder van de tablet' }).click()
    await expect(upload.getByText('Staat op de schoolserver; van deze tablet verwijderd.')).toBeVisible()
    expect((await readTable<{ kind: string }>(a, 'videoFiles')).map((f) => f.kind)).toEqual(['full'])

    // Tablet B, the same coach: the coachee, the markers, the nagesprek's fragment, and the video from the server.
    const b = await tablet(browser, 'anna')
    await syncNow(b)
    await b.goto(server.url)
    await expect(b.getByRole('link', { name: /Sanne de Vries/ })).toBeVisible()
    await b.goto(`${cycle}/review`)
    await expect(b.getByRole('list', { name: 'Markeringen' }).getByRole('listitem')).toHaveCount(2)
    await b.getByRole('button', { name: `${kindName(puzzle)} op ${formatDuration(puzzle.offsetSec!)}` }).click()
    await playsFromServer(b)
    expect((await readTable<Marker>(b, 'markers')).filter((m) => m.chosen).map((m) => m.id)).toEqual([puzzle.id])
    await b.goto(`${cycle}/follow-up`)
    await expect(b.getByRole('heading', { name: /Fragment 1 van 1 · Puzzel/ })).toBeVisible()
    await playsFromServer(b)

    // Another coach: no coachee, and the server shows none of the video nor a link to it.
    const bram = await tablet(browser, 'bram')
    await syncNow(bram)
    await bram.goto(server.url)
    await expect(bram.getByText('Sanne de Vries')).toHaveCount(0)
    const theirs = await assetsOnServer('bram', recording!.id)
    expect(theirs.assets).toEqual([])
    const forged = await fetch(`${server.url}/api/video/assets/${fragment!.id}/link`, { method: 'POST', headers: { Authorization: `Bearer ${theirs.token}` } })
    expect(forged.status).toBe(404)

    // Now the whole file, over a link that drops half-way and comes back (throttled so there is a half-way).
    await a.goto(`${cycle}/import`)
    const cdp = await a.context().newCDPSession(a)
    const network = (offline: boolean) => cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: 4 * 1024 * 1024 })
    await cdp.send('Network.enable')
    await network(false)
    await upload.getByRole('radio', { name: 'Het hele bestand' }).check()
    await upload.getByRole('button', { name: 'Versturen' }).click()
    const bar = upload.getByRole('progressbar', { name: 'Versturen van Hele opname' })
    await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 60_000 }).toBeGreaterThan(6 * 1024 * 1024)
    await network(true)
    await expect(upload.getByText('De schoolserver is nu niet bereikbaar. Het versturen gaat vanzelf verder waar het was.')).toBeVisible({ timeout: 30_000 })
    await network(false)
    const wholeItem = upload.getByRole('listitem').filter({ hasText: 'Hele opname' })
    await expect(wholeItem).toContainText('Staat op de schoolserver en is gecontroleerd.', { timeout: 120_000 })

    const whole = (await assetsOnServer('anna', recording!.id)).assets.find((x) => x.kind === 'whole')!
    const onServer = new Uint8Array(await (await fetch(`${server.url}/api/video/assets/${whole.id}/content`, { headers: { Authorization: `Bearer ${sent.token}` } })).arrayBuffer())
    const onCamera = new Uint8Array(await (await fetch(recording!.cameraFileUrl!)).arrayBuffer())
    expect(onServer.byteLength).toBe(onCamera.byteLength)
    expect(sha256(onServer)).toBe(sha256(onCamera))

    // With the whole file freed too, tablet A plays its own recording from the server.
    await wholeItem.getByRole('button', { name: 'Ruimte vrijmaken op deze tablet' }).click()
    await upload.getByRole('button', { name: 'Ja, verwijder van de tablet' }).click()
    await expect(wholeItem).toContainText('Staat op de schoolserver; van deze tablet verwijderd.')
    await a.goto(`${cycle}/review`)
    await a.getByRole('button', { name: `Parel op ${formatDuration(markers[0]!.offsetSec!)}` }).click()
    await playsFromServer(a)
  })
})
