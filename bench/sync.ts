/**
 * Record sync in Chromium against the real school server on loopback (SQLite, a child process
 * serving the bench page, so app and API share one origin as in the field): a year of one coach's
 * work (10 000 records) pushed by the app's engine from one tablet and pulled by a fresh one —
 * seconds, records/s, the page's JS heap — and tap → committed on a tablet whose first sync pulls
 * that year in the background, against the same taps without sync in the same run.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions } from '../scripts/chromium'
import { child, stop } from './processes'

const RECORDS = Number(process.env.SYNC_BENCH_RECORDS ?? 10_000)
const PORT = 19187
const TAP_EVERY_MS = 50

type Bench = 'push' | 'pull' | 'taps'

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rondblik-sync-bench-'))
  const data = join(dir, 'data')
  try {
    const added = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'user', 'add', '--data', data, '--username', 'bench', '--password', 'bench-wachtwoord'])
    if (added.status !== 0) throw new Error(`user add failed: ${added.stderr.toString()}`)
    const dist = join(dir, 'dist')
    cpSync('bench/out', dist, { recursive: true })
    copyFileSync(join(dist, 'sync.html'), join(dist, 'index.html'))
    const server = await child('server/src/main.ts', ['--data', data, '--host', '127.0.0.1', '--port', String(PORT), '--dist', dist])
    const options = chromiumLaunchOptions()
    const browser = await chromium.launch({ ...options, args: [...(options.args ?? []), '--enable-precise-memory-info'] })
    try {
      const page = await browser.newPage()
      page.setDefaultTimeout(600_000)
      await page.goto(`${server.url}/sync.html`)
      await page.waitForFunction(() => 'bench' in window)
      // A string, because tsx's helpers (__name) do not exist inside the page.
      const call = (name: Bench, ...args: number[]) => page.evaluate<Record<string, unknown>>(`window.bench.${name}(${args.join(', ')})`)

      const push = await call('push', RECORDS)
      const pull = await call('pull')
      const records = Number(push.records)
      const rate = (ms: unknown) => Math.round(records / (Number(ms) / 1000))
      console.log(`a year of work: ${records} records written in ${(Number(push.seedMs) / 1000).toFixed(1)} s (${push.pending} outbox rows)`)
      console.log(`push from tablet A: ${(Number(push.ms) / 1000).toFixed(2)} s, ${rate(push.ms)} records/s; page JS heap ${push.heapStartMb} → peak ${push.heapPeakMb} MB; ${JSON.stringify(push.result)}`)
      console.log(`pull to a fresh tablet B: ${(Number(pull.ms) / 1000).toFixed(2)} s, ${rate(pull.ms)} records/s; page JS heap ${pull.heapStartMb} → peak ${pull.heapPeakMb} MB; ${pull.markers} markers, ${pull.outbox} outbox rows; ${JSON.stringify(pull.result)}`)
      console.log(`push + pull: ${((Number(push.ms) + Number(pull.ms)) / 1000).toFixed(2)} s`)

      const taps = await call('taps', TAP_EVERY_MS, 100)
      console.log(`tap → committed (marker, strict durability), a tap every ${TAP_EVERY_MS} ms on fresh tablet C, ms:`)
      console.log(`  without sync:                          ${JSON.stringify(taps.without)}`)
      console.log(`  while its first sync pulls the year (${(Number(taps.syncMs) / 1000).toFixed(1)} s): ${JSON.stringify(taps.withSync)}`)
      console.log(`  without sync again:                    ${JSON.stringify(taps.withoutAgain)}`)
    } finally {
      await browser.close()
      await stop(server.proc)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
