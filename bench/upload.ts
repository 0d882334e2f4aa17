/**
 * Video upload to the school server on loopback: a 1 GB file sent by the app's upload queue in
 * Chromium (from OPFS, tus-js-client, 50 MB chunks) and by tus-js-client in Node, against curl sending
 * the same file in one streamed PATCH to the same server (the ratio), with the server's RSS sampled
 * while each runs (flat, or does it grow with the file?). The server is the real one (`npm run
 * server`, SQLite, files folder) as a child process serving the bench page; verification (the CRC
 * read back) is part of every time.
 */
import { spawnSync } from 'node:child_process'
import { randomFillSync } from 'node:crypto'
import { copyFileSync, cpSync, createReadStream, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { chromium } from '@playwright/test'
import { Upload } from 'tus-js-client'
import { chromiumLaunchOptions } from '../scripts/chromium'
import { Client, stamp } from '../server/test/harness'
import { UPLOAD_CHUNK_BYTES, UPLOAD_PATH } from '../src/sync/protocol'
import { child, stop } from './processes'

const MB = 1e6
const SIZE = Number(process.env.UPLOAD_BENCH_BYTES ?? 1024 * 1024 * 1024)
const PORT = 19184

/** Writes `size` random bytes to `path` in 8 MB pieces; answers their CRC-32. */
function writeFile(path: string, size: number): number {
  const piece = Buffer.alloc(8 * 1024 * 1024)
  const fd = openSync(path, 'w')
  let crc = 0
  try {
    for (let left = size; left > 0; left -= piece.length) {
      const part = piece.subarray(0, Math.min(piece.length, left))
      randomFillSync(part)
      crc = crc32(part, crc)
      writeSync(fd, part)
    }
  } finally {
    closeSync(fd)
  }
  return crc
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : Number.NaN
}

/** Samples the server's RSS every 200 ms while `work` runs. */
async function sampled<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; ms: number; rss: number[] }> {
  const rss = [rssMb(pid)]
  const timer = setInterval(() => rss.push(rssMb(pid)), 200)
  const started = performance.now()
  try {
    const result = await work()
    return { result, ms: performance.now() - started, rss }
  } finally {
    clearInterval(timer)
    rss.push(rssMb(pid))
  }
}

function metadata(assetId: string, crc: number): Record<string, string> {
  return { assetId, recordingId: 'bench-recording', scope: 'bench-coachee', kind: 'whole', startSec: '0', endSec: '3600', size: String(SIZE), crc32: String(crc) }
}

function tusClient(url: string, token: string, path: string, crc: number): Promise<void> {
  return new Promise((resolve, reject) => {
    new Upload(createReadStream(path), {
      endpoint: `${url}${UPLOAD_PATH}`,
      chunkSize: UPLOAD_CHUNK_BYTES,
      uploadSize: SIZE,
      metadata: metadata('bench-tus', crc),
      headers: { Authorization: `Bearer ${token}` },
      retryDelays: null,
      storeFingerprintForResuming: false,
      onSuccess: () => resolve(),
      onError: reject,
    }).start()
  })
}

/** curl as the simplest tus client: create the upload, then one PATCH streaming the whole file (-T). */
async function curlClient(url: string, token: string, path: string, crc: number): Promise<void> {
  const header = Object.entries(metadata('bench-curl', crc)).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',')
  const created = await fetch(`${url}${UPLOAD_PATH}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0', 'Upload-Length': String(SIZE), 'Upload-Metadata': header },
  })
  if (created.status !== 201) throw new Error(`create answered ${created.status}`)
  const location = new URL(created.headers.get('location')!, url).href
  const result = spawnSync('curl', ['-s', '-f', '-X', 'PATCH', '-T', path, '-H', `Authorization: Bearer ${token}`, '-H', 'Tus-Resumable: 1.0.0', '-H', 'Upload-Offset: 0', '-H', 'Content-Type: application/offset+octet-stream', '-H', 'Expect:', '-o', '/dev/null', '-w', '%{http_code}', location])
  if (result.stdout.toString() !== '204') throw new Error(`curl PATCH answered ${result.stdout.toString()} (${result.status})`)
}

const summary = (rss: number[]) => {
  const max = Math.max(...rss)
  return `RSS start ${rss[0]!.toFixed(0)} MB, max ${max.toFixed(0)} MB (+${(max - rss[0]!).toFixed(0)}), end ${rss.at(-1)!.toFixed(0)} MB`
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rondblik-upload-bench-'))
  const data = join(dir, 'data')
  try {
    const file = join(dir, 'lesson.mp4')
    const crc = writeFile(file, SIZE)
    const main = ['--import', 'tsx', 'server/src/main.ts']
    const added = spawnSync(process.execPath, [...main, 'user', 'add', '--data', data, '--username', 'bench', '--password', 'bench-wachtwoord'])
    if (added.status !== 0) throw new Error(`user add failed: ${added.stderr.toString()}`)
    // The bench page is served by the server itself: same origin, as the app is.
    const dist = join(dir, 'dist')
    cpSync('bench/out', dist, { recursive: true })
    copyFileSync(join(dist, 'upload.html'), join(dist, 'index.html'))
    const server = await child('server/src/main.ts', ['--data', data, '--host', '127.0.0.1', '--port', String(PORT), '--dist', dist])
    try {
      const pid = server.proc.pid!
      const client = new Client(server.url, Date.now)
      if ((await client.login('bench', 'bench-wachtwoord')).status !== 200) throw new Error('login failed')
      // The coachee's scope is claimed by its first push, as on a real tablet.
      const coachee = { table: 'coachees' as const, id: 'bench-coachee', scope: 'bench-coachee', fields: { name: { value: 'Bench', hlc: stamp(Date.now()) } } }
      await client.push(client.changes(coachee))
      const token = client.session!.accessToken
      const idle = rssMb(pid)

      const viaCurl = await sampled(pid, () => curlClient(server.url, token, file, crc))
      const viaTus = await sampled(pid, () => tusClient(server.url, token, file, crc))
      // A profile on disk: an incognito OPFS lives in memory.
      const context = await chromium.launchPersistentContext(join(dir, 'profile'), chromiumLaunchOptions())
      let viaApp: Awaited<ReturnType<typeof sampled<{ ms: number; state: string }>>>
      try {
        const page = await context.newPage()
        await page.goto(`${server.url}/upload.html`)
        await page.waitForFunction(() => 'bench' in window)
        await page.setInputFiles('#file', file)
        viaApp = await sampled(pid, () => page.evaluate((t) => (window as unknown as { bench: { upload(t: string): Promise<{ ms: number; state: string }> } }).bench.upload(t), token))
      } finally {
        await context.close()
      }
      if (viaApp.result.state !== 'verified') throw new Error(`the app's upload ended ${viaApp.result.state}`)
      for (const id of ['bench-curl', 'bench-tus']) {
        const asset = (await client.request<{ status: string }>('GET', `/api/video/assets/${id}`)).body
        if (asset.status !== 'verified') throw new Error(`${id} is ${asset.status}`)
      }
      const rate = (ms: number) => `${(SIZE / MB / (ms / 1000)).toFixed(0)} MB/s`
      console.log(`file: ${(SIZE / MB).toFixed(0)} MB; server idle RSS ${idle.toFixed(0)} MB`)
      console.log(`curl, one PATCH:          ${(viaCurl.ms / 1000).toFixed(1)} s, ${rate(viaCurl.ms)}; ${summary(viaCurl.rss)}`)
      console.log(`tus-js-client in Node, 5 MB PATCHes: ${(viaTus.ms / 1000).toFixed(1)} s, ${rate(viaTus.ms)}; ${summary(viaTus.rss)}`)
      // The queue's own time (OPFS read, tus, the asset check after it), without copying the file in.
      console.log(`the app's queue in Chromium, 50 MB PATCHes: ${(viaApp.result.ms / 1000).toFixed(1)} s, ${rate(viaApp.result.ms)}; ${summary(viaApp.rss)}`)
      console.log(`ratio to curl (time): app in Chromium ${(viaApp.result.ms / viaCurl.ms).toFixed(2)}, tus-js-client in Node ${(viaTus.ms / viaCurl.ms).toFixed(2)}`)
      console.log(`server RSS during the app's upload (MB, every 2 s): ${viaApp.rss.filter((_, i) => i % 10 === 0).map((v) => v.toFixed(0)).join(' ')}`)
    } finally {
      await stop(server.proc)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
