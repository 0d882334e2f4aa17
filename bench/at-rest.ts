/**
 * Encryption at rest (issue 11) on vs off, in one run: a visit tap and a typed note until
 * committed, the 200-coachee list read from the database, and the app's offline cold start with
 * 200 coachees (with a passcode: reload → lock screen, then unlock → list interactive).
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test'
import { chromiumLaunchOptions } from '../scripts/chromium'
import { startStaticServer } from '../scripts/serve'
import { backupWithCoachees } from './app'
import { summarize } from './stats'

const PASSCODE = '246810'

async function inPage(): Promise<void> {
  const server = await startStaticServer({ root: 'bench/out' })
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const page = await browser.newPage()
    await page.goto(`${server.url}/at-rest.html`)
    await page.waitForFunction(() => 'bench' in window)
    const bench = (name: string, n: number) => page.evaluate(([f, k]) => (window as unknown as { bench: Record<string, (n: number) => Promise<unknown>> }).bench[f]!(k), [name, n] as const)
    const t = (await bench('taps', 305)) as Record<string, unknown>
    console.log(`visit tap (Parel, no note) → committed, strict: off ${JSON.stringify(t.tapOff)} ms | on ${JSON.stringify(t.tapOn)} ms`)
    console.log(`its note typed (update with text) → committed: off ${JSON.stringify(t.noteOff)} ms | on ${JSON.stringify(t.noteOn)} ms`)
    const l = (await bench('coacheeList', 20)) as Record<string, unknown>
    console.log(`200 coachees read (fresh connection, listActive): off ${JSON.stringify(l.off)} ms | on ${JSON.stringify(l.on)} ms`)
  } finally {
    await browser.close()
    await server.close()
  }
}

/** Waits (in the page) until all 200 rows are there; gives the page's clock then. A string: tsx's helpers do not exist in the page. */
const LIST_READY = `new Promise((done) => {
  (function check() {
    if (document.querySelectorAll('.coachee-list li a').length === 200) done(performance.now())
    else requestAnimationFrame(check)
  })()
})`

/** Types the passcode and presses Ontgrendelen in the page; gives the page's clock at the press, once the list is there. */
const UNLOCK_THEN_LIST = `new Promise((done) => {
  const input = document.querySelector('.lock-screen input')
  input.value = ${JSON.stringify(PASSCODE)}
  input.dispatchEvent(new Event('input', { bubbles: true }))
  const pressed = performance.now()
  document.querySelector('.lock-screen button[type=submit]').click()
  ;(function check() {
    if (document.querySelectorAll('.coachee-list li a').length === 200) done([pressed, performance.now()])
    else requestAnimationFrame(check)
  })()
})`

async function preparedApp(context: BrowserContext, url: string, passcode: boolean): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${url}/settings`)
  await page.getByLabel('Importeer').setInputFiles({ name: 'b.json', mimeType: 'application/json', buffer: Buffer.from(backupWithCoachees(200)) })
  await page.getByText('Import klaar').waitFor()
  if (passcode) {
    const card = page.getByRole('region', { name: 'App-vergrendeling' })
    await card.getByRole('button', { name: 'Passcode instellen' }).click()
    await card.getByLabel('Nieuwe passcode', { exact: true }).fill(PASSCODE)
    await card.getByLabel('Herhaal de nieuwe passcode').fill(PASSCODE)
    await card.getByRole('button', { name: 'Passcode instellen' }).click()
    await card.getByText('De passcode is ingesteld.').waitFor()
  }
  await page.evaluate(async () => { await navigator.serviceWorker.ready })
  await page.goto(url)
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  await context.setOffline(true)
  return page
}

async function coldStart(runs: number): Promise<void> {
  const server = await startStaticServer({ root: 'dist' })
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const options = { viewport: { width: 1180, height: 820 }, hasTouch: true, locale: 'nl-NL' }
    const plain = await preparedApp(await browser.newContext(options), server.url, false)
    const locked = await preparedApp(await browser.newContext(options), server.url, true)
    const off: number[] = []
    const toLock: number[] = []
    const unlockToList: number[] = []
    for (let i = 0; i < runs; i++) {
      await plain.reload({ waitUntil: 'commit' })
      off.push(await plain.evaluate<number>(LIST_READY))
      await locked.reload({ waitUntil: 'commit' })
      toLock.push(await locked.evaluate<number>(`new Promise((done) => { (function check() { if (document.querySelector('.lock-screen input')) done(performance.now()); else requestAnimationFrame(check) })() })`))
      const [pressed, listed] = await locked.evaluate<[number, number]>(UNLOCK_THEN_LIST)
      unlockToList.push(listed - pressed)
    }
    const s = (v: number[]) => { const r = summarize(v); return `median ${r.p50} ms, p95 ${r.p95} ms` }
    console.log(`offline cold start, 200 coachees, over ${runs} runs each, interleaved:`)
    console.log(`  encryption off (no passcode): reload → list interactive ${s(off)}`)
    console.log(`  encryption on: reload → lock screen ${s(toLock)}; Ontgrendelen → list interactive (PBKDF2 600 000 + unwrap + 200 names decrypted) ${s(unlockToList)}`)
  } finally {
    await browser.close()
    await server.close()
  }
}

export async function run(): Promise<void> {
  await inPage()
  await coldStart(10)
}
