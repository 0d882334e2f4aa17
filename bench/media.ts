/**
 * The media engine's figures. Full import: the app's import (camera client → worker → OPFS) of a 1 GB
 * file against curl of the same file, in a Chromium profile on disk (an incognito OPFS lives in
 * memory); the JS heap during a 2 GB import. Fragment import: bytes fetched against the windows'
 * share of the file.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { countingSource, cutFragments, httpSource } from '../src/media'
import { mediaDataSize } from '../src/media/fragments'
import { chromiumLaunchOptions } from '../scripts/chromium'
import { startStaticServer } from '../scripts/serve'
import { child, curl, stop } from './processes'
import { median } from './stats'

const MB = 1e6
const RUNS = 3

type Run = { bytes: number; ms: number; heapMaxMb?: number }
type Bench = {
  download(base: string, file: string): Promise<Run>
  plainFetch(file: string): Promise<Run>
  importWhole(base: string, file: string, size: number): Promise<Run>
}

async function seed(camera: string, body: object): Promise<string> {
  const res = await fetch(`${camera}/_emulator/seed`, { method: 'POST', body: JSON.stringify(body) })
  const [fileUrl] = ((await res.json()) as { fileUrls: string[] }).fileUrls
  if (!fileUrl) throw new Error('seeding failed')
  return fileUrl
}

async function timedCurl(url: string, to?: string): Promise<Run> {
  const started = performance.now()
  const bytes = await curl(url, to)
  return { bytes, ms: performance.now() - started }
}

/** The import worker's heap, sampled from outside while `work` runs (null where Chromium does not expose it). */
async function workerHeap<T>(page: Page, work: () => Promise<T>): Promise<{ result: T; heapMaxMb: number | null }> {
  let heapMax: number | null = null
  let running = true
  const sampling = (async () => {
    while (running) {
      for (const worker of page.workers()) {
        const used = await worker.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null).catch(() => null)
        if (used !== null) heapMax = Math.max(heapMax ?? 0, used)
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  })()
  try {
    return { result: await work(), heapMaxMb: heapMax === null ? null : heapMax / MB }
  } finally {
    running = false
    await sampling
  }
}

async function fullImport(dataDir: string): Promise<void> {
  const camera = await child('emulator/cli.ts', ['--model', 'theta-x', '--port', '0', '--cors', '--data-dir', mkdtempSync(join(dataDir, 'cam-'))])
  const server = await startStaticServer({ root: 'bench/out' })
  const profile = mkdtempSync(join(dataDir, 'profile-'))
  const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions())
  try {
    const fileUrl = await seed(camera.url, { durationSec: 1, targetBytes: 1e9 })
    const page = await context.newPage()
    await page.goto(`${server.url}/download.html`)
    await page.waitForFunction(() => 'bench' in window)
    const inPage = <K extends keyof Bench>(name: K, ...args: Parameters<Bench[K]>) =>
      page.evaluate(([n, a]) => ((window as unknown as { bench: Record<string, (...x: unknown[]) => Promise<Run>> }).bench[n as string]!)(...(a as unknown[])), [name, args] as const)

    const onDisk = join(dataDir, 'curl.out')
    const ways: [string, () => Promise<Run>][] = [
      ['curl → /dev/null', () => timedCurl(fileUrl)],
      ['curl → file', () => timedCurl(fileUrl, onDisk)],
      ['fetch() in Chromium', () => inPage('plainFetch', fileUrl)],
      ['client in Chromium', () => inPage('download', camera.url, fileUrl)],
      ['import → OPFS', () => inPage('importWhole', camera.url, fileUrl, 1e9)],
    ]
    await timedCurl(fileUrl) // page cache warm
    const speeds = ways.map(() => [] as number[])
    for (let r = 0; r < RUNS; r++) {
      for (const [i, [name, run]] of ways.entries()) {
        const { bytes, ms } = await run()
        if (bytes !== 1e9) throw new Error(`${name}: got ${bytes} bytes`)
        speeds[i]!.push(bytes / MB / (ms / 1000))
      }
    }
    const base = median(speeds[0]!)
    const browser = median(speeds[2]!)
    console.log(`full import of 1 GB on loopback (MB/s per run, median; ratio to curl → /dev/null | to fetch() in Chromium):`)
    for (const [i, [name]] of ways.entries()) {
      const m = median(speeds[i]!)
      console.log(`  ${name.padEnd(20)} ${speeds[i]!.map((x) => x.toFixed(0)).join(', ')} — median ${m.toFixed(0)}, ratio ${(m / base).toFixed(2)} | ${(m / browser).toFixed(2)}`)
    }

    const big = await seed(camera.url, { durationSec: 1, targetBytes: 2e9 })
    const { result, heapMaxMb } = await workerHeap(page, () => inPage('importWhole', camera.url, big, 2e9))
    console.log(`  2 GB import: ${(result.bytes / MB / (result.ms / 1000)).toFixed(0)} MB/s; JS heap max: page ${result.heapMaxMb?.toFixed(1)} MB, ` +
      `import worker ${heapMaxMb === null ? 'not exposed by Chromium' : `${heapMaxMb.toFixed(1)} MB`} (target < 100 MB)`)
    rmSync(onDisk, { force: true })
  } finally {
    await context.close()
    await server.close()
    await stop(camera.proc)
  }
}

/** Fragments of a longer clip: bytes fetched against 1.2 × the windows' share of the file + the index. */
async function fragments(dataDir: string): Promise<void> {
  for (const moov of ['end', 'start'] as const) {
    const camera = await child('emulator/cli.ts', ['--model', 'theta-x', '--port', '0', '--moov', moov, '--data-dir', mkdtempSync(join(dataDir, `frag-${moov}-`))])
    try {
      const fileUrl = await seed(camera.url, { durationSec: 180 })
      // Three markers' windows (10 s before, 10 s after), one pair overlapping: 50 s of 180 s.
      const windows = [[20, 40], [95, 115], [105, 125]] as const
      const merged: [number, number][] = [[20, 40], [95, 125]]
      const share = merged.reduce((sum, [a, b]) => sum + b - a, 0) / 180
      const source = countingSource(await httpSource(fileUrl))
      const started = performance.now()
      await cutFragments(source, merged, () => new WritableStream())
      const ms = performance.now() - started
      const index = source.size - (await mediaBytes(fileUrl))
      const allowed = 1.2 * share * source.size + index
      console.log(`fragments, moov at the ${moov}: ${windows.length} markers → ${merged.length} windows (${(share * 100).toFixed(0)} % of 180 s); ` +
        `fetched ${(source.bytesFetched / MB).toFixed(2)} of ${(source.size / MB).toFixed(2)} MB in ${source.requests} requests, ${ms.toFixed(0)} ms; ` +
        `target ≤ 1.2 × share + index = ${(allowed / MB).toFixed(2)} MB → ratio ${(source.bytesFetched / allowed).toFixed(2)} (≤ 1 meets it)`)
    } finally {
      await stop(camera.proc)
    }
  }
}

/** The size of the file's media data (mdat boxes): the rest is its index and headers. */
async function mediaBytes(url: string): Promise<number> {
  return mediaDataSize(await httpSource(url))
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rondblik-media-bench-'))
  try {
    await fragments(dataDir)
    await fullImport(dataDir)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
