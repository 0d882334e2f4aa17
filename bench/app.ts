/**
 * The foundation's figures: the start screen's initial JavaScript, an offline cold start with
 * 200 coachees, and one help-question write to its committed transaction.
 */
import { chromium } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { chromiumLaunchOptions } from '../scripts/chromium'
import { startStaticServer } from '../scripts/serve'
import { summarize } from './stats'

const DIST = 'dist'

/** Scripts the start screen loads before it can run: the entry and its module preloads. */
async function initialJavaScript(): Promise<void> {
  const html = await readFile(join(DIST, 'index.html'), 'utf8')
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!)
  let total = 0
  let hasThree = false
  for (const file of new Set(files)) {
    const body = await readFile(join(DIST, file))
    total += gzipSync(body, { level: 9 }).length
    hasThree ||= body.includes('WebGLRenderer')
  }
  console.log(`start screen initial JS: ${(total / 1024).toFixed(1)} KB gzip in ${new Set(files).size} files (target ≤ 150 KB); three.js in it: ${hasThree ? 'YES (wrong)' : 'no'}`)
}

export function backupWithCoachees(count: number): string {
  const now = Date.now()
  const coachees = Array.from({ length: count }, (_, i) => ({
    id: `0190${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`,
    createdAt: now, updatedAt: now, deletedAt: null,
    name: `Coachee ${String(i + 1).padStart(3, '0')}`, role: 'student', school: 'Pabo', notes: '', archivedAt: null,
  }))
  const tables = { coachees, trajectories: [], cycles: [], helpQuestions: [], lessons: [], lessonGoals: [], recordings: [], markers: [], observations: [], followUps: [] }
  return JSON.stringify({ format: 'rondblik-backup', version: 1, exportedAt: now, schemaVersion: 2, tables })
}

async function offlineColdStart(runs: number): Promise<void> {
  const server = await startStaticServer({ root: DIST })
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const context = await browser.newContext({ viewport: { width: 1180, height: 820 }, hasTouch: true, locale: 'nl-NL' })
    const page = await context.newPage()
    await page.goto(`${server.url}/settings`)
    await page.getByLabel('Importeer').setInputFiles({ name: 'b.json', mimeType: 'application/json', buffer: Buffer.from(backupWithCoachees(200)) })
    await page.getByText('Import klaar').waitFor()
    await page.evaluate(async () => { await navigator.serviceWorker.ready })
    await page.goto(server.url)
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    await context.setOffline(true)
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      await page.reload({ waitUntil: 'commit' })
      // Interactive: all 200 rows are there and the first one takes a tap.
      // A string, because tsx's helpers (__name) do not exist inside the page.
      const ms = await page.evaluate<number>(`new Promise((done) => {
        (function check() {
          if (document.querySelectorAll('.coachee-list li a').length === 200) done(performance.now())
          else requestAnimationFrame(check)
        })()
      })`)
      times.push(ms)
    }
    const s = summarize(times)
    console.log(`offline cold start, 200 coachees, SW-controlled reload → list interactive: median ${s.p50} ms, p95 ${s.p95} ms over ${s.n} runs (aim < 500 ms)`)
  } finally {
    await browser.close()
    await server.close()
  }
}

async function helpQuestionWrite(): Promise<void> {
  const server = await startStaticServer({ root: 'bench/out' })
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const page = await browser.newPage()
    await page.goto(`${server.url}/db.html`)
    await page.waitForFunction(() => 'bench' in window)
    const s = await page.evaluate(() => (window as unknown as { bench: { helpQuestionWrites(n: number): Promise<unknown> } }).bench.helpQuestionWrites(305))
    console.log(`save a help question → committed (strict durability): ${JSON.stringify(s)} ms (target p95 < 10 ms)`)
  } finally {
    await browser.close()
    await server.close()
  }
}

export async function run(): Promise<void> {
  await initialJavaScript()
  await offlineColdStart(15)
  await helpQuestionWrite()
}
