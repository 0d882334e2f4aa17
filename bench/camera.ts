/**
 * The camera link's figures: the live-preview reader against a plain read of the same recorded
 * bytes, and a 1 GB Range download through the client (direct and through the relay) against curl.
 * The emulator and the relay run as child processes, as on the real network, so only the client
 * shares this process with the measurement.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { chromium } from '@playwright/test'
import { connectCamera, createPreviewParser, readLivePreview } from '../src/camera'
import { chromiumLaunchOptions } from '../scripts/chromium'
import { startStaticServer } from '../scripts/serve'
import { child, curl, stop } from './processes'
import { median } from './stats'

const MB = 1e6
const PREVIEW_FRAMES = 300
const DOWNLOAD_BYTES = 1e9
const RUNS = 3
const BOUNDARY = Buffer.from('---osclivepreview---')

// Heap figures are taken after a full collection; tsx gives no way to pass --expose-gc.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

function memory(): { heap: number; rss: number } {
  gc()
  const m = process.memoryUsage()
  return { heap: m.heapUsed / MB, rss: m.rss / MB }
}

function growth(before: { heap: number; rss: number }): string {
  const after = memory()
  return `heap ${before.heap.toFixed(1)} → ${after.heap.toFixed(1)} MB, RSS ${before.rss.toFixed(0)} → ${after.rss.toFixed(0)} MB`
}

/** ~10 s of the emulator's 1024×512@30 preview, cut after the last whole part. */
async function recordPreview(camera: string): Promise<Buffer> {
  const res = await fetch(`${camera}/osc/commands/execute`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json;charset=utf-8' },
    body: JSON.stringify({ name: 'camera.getLivePreview', parameters: {} }),
  })
  const reader = res.body!.getReader()
  const chunks: Buffer[] = []
  let parts = 0
  let tail = Buffer.alloc(0)
  const deadline = performance.now() + 30_000
  // One more boundary than frames wanted: the part after the last one is cut off.
  while (parts <= PREVIEW_FRAMES && performance.now() < deadline) {
    const { value, done } = await reader.read()
    if (done) break
    const chunk = Buffer.from(value)
    chunks.push(chunk)
    // Count boundaries, also one split across two chunks.
    const window = Buffer.concat([tail, chunk])
    for (let at = window.indexOf(BOUNDARY); at >= 0; at = window.indexOf(BOUNDARY, at + 1)) parts++
    tail = window.subarray(Math.max(0, window.length - BOUNDARY.length + 1))
  }
  await reader.cancel()
  const bytes = Buffer.concat(chunks)
  return bytes.subarray(0, bytes.lastIndexOf(BOUNDARY))
}

/** The recorded bytes as a network-like stream: zero-copy chunks of 16, 32 and 64 KB in turn. */
function replay(bytes: Buffer): () => ReadableStream<Uint8Array> {
  const chunks: Uint8Array[] = []
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = 16 * 1024 * 2 ** (k % 3)
    chunks.push(new Uint8Array(bytes.buffer, bytes.byteOffset + at, Math.min(n, bytes.length - at)))
    at += n
  }
  return () => {
    let i = 0
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        const c = chunks[i++]
        if (c) controller.enqueue(c)
        else controller.close()
      },
    })
  }
}

/** Reads a stream to its end; returns the byte count. */
async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  const reader = stream.getReader()
  let n = 0
  for (let r = await reader.read(); !r.done; r = await reader.read()) n += r.value.length
  return n
}

async function timed(fn: () => Promise<number>): Promise<{ ms: number; count: number }> {
  const t = performance.now()
  const count = await fn()
  return { ms: performance.now() - t, count }
}

/**
 * The same recorded stream as it reaches the tablet: over HTTP from another process (loopback),
 * read plainly to the end, against the app's reader taking every frame from it.
 */
async function previewOverHttp(bytes: Buffer, dataDir: string): Promise<void> {
  const REPEAT = 20
  const root = mkdtempSync(join(dataDir, 'preview-'))
  writeFileSync(join(root, 'stream.mjpeg'), Buffer.concat(Array.from({ length: REPEAT }, () => bytes)))
  const server = await child('scripts/serve.ts', ['--port', '0', '--root', root])
  try {
    const url = `${server.url}/stream.mjpeg`
    let frames = 0
    const ways: [string, () => Promise<number>][] = [
      ['plain read', async () => drain((await fetch(url)).body!)],
      ['readLivePreview', async () => {
        const preview = readLivePreview((await fetch(url)).body!)
        for (let f = await preview.next(); f; f = await preview.next()) frames++
        return preview.stats.bytes
      }],
    ]
    for (const [, fn] of ways) await fn()
    const before = memory()
    const times = ways.map(() => [] as number[])
    frames = 0
    const rounds = 6
    for (let r = 0; r < rounds; r++) {
      for (const [i, [, fn]] of ways.entries()) times[i]!.push((await timed(fn)).ms)
    }
    const mem = growth(before)
    const mb = (bytes.length * REPEAT) / MB
    const base = median(times[0]!)
    console.log(`preview over loopback HTTP: the recording ${REPEAT}× (${mb.toFixed(0)} MB) served by another process, median of ${rounds}`)
    for (const [i, [name]] of ways.entries()) {
      const sec = median(times[i]!) / 1000
      console.log(`  ${name.padEnd(16)} ${(mb / sec).toFixed(0)} MB/s, ratio ${(base / 1000 / sec).toFixed(2)}`)
    }
    console.log(`  (target ≥ 0.9) the reader delivered ${(frames / rounds).toFixed(0)} frames a round; ${mem}`)
  } finally {
    await stop(server.proc)
  }
}

async function previewReader(camera: string, dataDir: string): Promise<void> {
  const bytes = await recordPreview(camera)
  await previewOverHttp(bytes, dataDir)
  const stream = replay(bytes)
  let frames = 0
  let delivered = 0
  // (i) the baseline, which only passes chunk references along, so every byte the others touch
  // shows; (ii) the parser alone on the same read loop; (iii) the reader the app uses.
  const ways: [string, () => Promise<number>][] = [
    ['plain read', () => drain(stream())],
    ['preview parser', async () => {
      let n = 0
      const parser = createPreviewParser({ onFrame: () => n++ })
      const reader = stream().getReader()
      for (let r = await reader.read(); !r.done; r = await reader.read()) parser.push(r.value)
      parser.end()
      return n
    }],
    ['readLivePreview', async () => {
      const preview = readLivePreview(stream())
      for (let f = await preview.next(); f; f = await preview.next()) delivered++
      frames = preview.stats.frames
      return preview.stats.frames
    }],
  ]
  // Warm up every way, then take turns so drift on a shared machine hits all alike.
  for (const [, fn] of ways) await fn()
  const before = memory()
  const times = ways.map(() => [] as number[])
  delivered = 0
  const rounds = 10
  for (let r = 0; r < rounds; r++) {
    for (const [i, [, fn]] of ways.entries()) times[i]!.push((await timed(fn)).ms)
  }
  const mem = growth(before)
  const mb = bytes.length / MB
  const base = median(times[0]!)
  console.log(`preview: ${frames} frames, ${mb.toFixed(1)} MB recorded (1024×512@30), replayed in 16–64 KB chunks, median of ${rounds}`)
  for (const [i, [name]] of ways.entries()) {
    const s = median(times[i]!) / 1000
    console.log(`  ${name.padEnd(16)} ${(frames / s).toFixed(0)} frames/s, ${(mb / s).toFixed(0)} MB/s, ratio ${(base / 1000 / s).toFixed(2)}`)
  }
  console.log(`  (target ≥ 0.9) the consumer took ${(delivered / rounds).toFixed(0)} of ${frames} frames a round; ${mem}`)
}

async function plainFetch(url: string): Promise<number> {
  return drain((await fetch(url, { headers: { Range: 'bytes=0-' } })).body!)
}

async function clientDownload(baseUrl: string, fileUrl: string): Promise<number> {
  return drain(await (await connectCamera({ baseUrl })).download(fileUrl))
}

type Contender = [name: string, fetchAll: () => Promise<number>]

/** Ways to fetch the same bytes, run in turn RUNS times; MB/s of each and its ratio to the first. */
async function compare(label: string, contenders: Contender[]): Promise<void> {
  const before = memory()
  const speeds = contenders.map(() => [] as number[])
  for (let r = 0; r < RUNS; r++) {
    for (const [i, [name, fn]] of contenders.entries()) {
      const { ms, count } = await timed(fn)
      if (count !== DOWNLOAD_BYTES) throw new Error(`${label}, ${name}: got ${count} bytes`)
      speeds[i]!.push(count / MB / (ms / 1000))
    }
  }
  const base = median(speeds[0]!)
  console.log(`${label} (MB/s per run, median, ratio to ${contenders[0]![0]}):`)
  for (const [i, [name]] of contenders.entries()) {
    const m = median(speeds[i]!)
    console.log(`  ${name.padEnd(18)} ${speeds[i]!.map((x) => x.toFixed(0)).join(', ')} — median ${m.toFixed(0)}, ratio ${(m / base).toFixed(2)}`)
  }
  console.log(`  (target ≥ 0.9) this process: ${growth(before)}`)
}

/**
 * The client's download where the app runs it: in Chromium, against curl. A camera with CORS
 * (as through the relay, without the relay's extra hop), seeded with the same 1 GB.
 */
async function downloadInBrowser(dataDir: string): Promise<void> {
  const camera = await child('emulator/cli.ts', ['--model', 'theta-x', '--port', '0', '--cors', '--data-dir', mkdtempSync(join(dataDir, 'cors-'))])
  const server = await startStaticServer({ root: 'bench/out' })
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const seed = await fetch(`${camera.url}/_emulator/seed`, { method: 'POST', body: JSON.stringify({ durationSec: 1, targetBytes: DOWNLOAD_BYTES }) })
    const [fileUrl] = ((await seed.json()) as { fileUrls: string[] }).fileUrls
    if (!fileUrl) throw new Error('seeding failed')
    const page = await browser.newPage()
    await page.goto(`${server.url}/download.html`)
    await page.waitForFunction(() => 'bench' in window)
    const inPage = async (): Promise<number> => {
      const { bytes } = await page.evaluate(([base, file]) => (window as unknown as { bench: { download(b: string, f: string): Promise<{ bytes: number; ms: number }> } }).bench.download(base!, file!), [camera.url, fileUrl])
      return bytes
    }
    await inPage()
    await compare('download 1 GB, loopback, the client in Chromium', [['curl', () => curl(fileUrl)], ['client in Chromium', inPage]])
  } finally {
    await browser.close()
    await server.close()
    await stop(camera.proc)
  }
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rondblik-bench-'))
  const procs: ChildProcess[] = []
  try {
    const emulator = await child('emulator/cli.ts', ['--model', 'theta-x', '--port', '0', '--data-dir', dataDir])
    procs.push(emulator.proc)
    const relay = await child('relay/cli.ts', ['--camera', emulator.url, '--port', '0'])
    procs.push(relay.proc)
    await previewReader(emulator.url, dataDir)

    // A sparse 1 GB file (filler after a real clip): reads come from the page cache, not the disk.
    const seed = await fetch(`${emulator.url}/_emulator/seed`, { method: 'POST', body: JSON.stringify({ durationSec: 1, targetBytes: DOWNLOAD_BYTES }) })
    const [fileUrl] = ((await seed.json()) as { fileUrls: string[] }).fileUrls
    if (!fileUrl) throw new Error('seeding failed')
    const viaRelay = relay.url + new URL(fileUrl).pathname
    await curl(fileUrl)
    await compare('download 1 GB, loopback', [['curl', () => curl(fileUrl)], ['fetch()', () => plainFetch(fileUrl)], ['client download()', () => clientDownload(emulator.url, fileUrl)]])
    await compare('client through the relay', [['client, direct', () => clientDownload(emulator.url, fileUrl)], ['client, via relay', () => clientDownload(relay.url, fileUrl)]])
    await compare('curl through the relay', [['curl, direct', () => curl(fileUrl)], ['curl, via relay', () => curl(viaRelay)]])
    await downloadInBrowser(dataDir)
  } finally {
    for (const proc of procs.reverse()) await stop(proc)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
