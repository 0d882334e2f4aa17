/**
 * Faults during an upload, each on the file store and on S3 (the test stand-in): the link cut
 * mid-chunk, the server process killed mid-upload, a full disk or bucket. Every time the upload ends
 * byte-identical from the server's offset, or is refused with a code the app explains.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { UPLOAD_PATH } from '../../../src/sync/protocol'
import { startS3Server, type S3TestServer } from '../../test/s3/s3-server'
import { fileStorage, s3Storage } from './storage'
import { link, metadataFor, startVideoServer, STORAGES, tusUpload } from './testing'

const MB = 1024 * 1024
const grants = { 'coach-a': ['coachee-1'] }
const RETRY = [0, 100, 250, 500, 1000, 2000, 4000]
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rondblik-video-fault-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function content(url: string, assetId: string): Promise<Buffer> {
  const res = await fetch(`${url}/api/video/assets/${assetId}/content`, { headers: { Authorization: 'Bearer coach-a' } })
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

/** A tus POST as the app makes it; resolves with the upload's URL. */
async function createUpload(url: string, meta: Record<string, string>): Promise<string> {
  const created = await fetch(`${url}${UPLOAD_PATH}`, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer coach-a',
      'Tus-Resumable': '1.0.0',
      'Upload-Length': meta.size!,
      'Upload-Metadata': Object.entries(meta).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(','),
    },
  })
  expect(created.status).toBe(201)
  return new URL(created.headers.get('location')!, url).href
}

describe.each(STORAGES)('faults on the $name', ({ make }) => {
  it('a link cut in the middle of a chunk resumes from the server’s offset and ends byte-identical', async () => {
    const dir = tempDir()
    const backing = await make(dir)
    cleanups.push(() => backing.close())
    const server = await startVideoServer({ dataDir: dir, storage: backing.storage, grants })
    cleanups.push(() => server.close())
    const wifi = await link(server.url)
    cleanups.push(() => wifi.close())
    const file = randomBytes(16 * MB + 777)
    wifi.cutAfter(7 * MB + 12_345) // inside the second chunk
    let cuts = 0
    const offsets: number[] = []
    await tusUpload(wifi.url, {
      file,
      metadata: metadataFor(file),
      retryDelays: RETRY,
      onProgress: (sent) => {
        if (sent >= 12 * MB && cuts++ === 0) wifi.cutAfter(MB) // and once more inside the third
        offsets.push(sent)
      },
    }).done
    expect((await content(server.url, 'asset-1')).equals(file)).toBe(true)
    // Resumed, not restarted: the bytes sent are the file plus at most the two chunks cut.
    expect(wifi.sent()).toBeLessThan(file.length + 2 * 5 * MB + MB)
  })

  it('a server killed mid-upload and started again continues from its offset', async () => {
    const dir = tempDir()
    const backing = await make(dir)
    cleanups.push(() => backing.close())
    const env: NodeJS.ProcessEnv = { ...process.env }
    if (backing.s3) {
      Object.assign(env, { RONDBLIK_S3_ENDPOINT: backing.s3.url, RONDBLIK_S3_BUCKET: 'rondblik', RONDBLIK_S3_ACCESS_KEY: backing.s3.accessKeyId, RONDBLIK_S3_SECRET_KEY: backing.s3.secretAccessKey, RONDBLIK_S3_REGION: 'us-east-1' })
    }
    const start = async (port = 0) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/video/testing-cli.ts', '--data', dir, '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'inherit'] })
      const url = await new Promise<string>((resolve, reject) => {
        proc.stdout!.on('data', (d: Buffer) => {
          const m = /http:\/\/127\.0\.0\.1:\d+/.exec(d.toString())
          if (m) resolve(m[0])
        })
        proc.once('exit', (code) => reject(new Error(`video server exited (${code})`)))
      })
      cleanups.push(() => void proc.kill('SIGKILL'))
      return { proc, url }
    }
    let server: { proc: ChildProcess; url: string } = await start()
    const port = Number(new URL(server.url).port)
    const file = randomBytes(18 * MB + 5)
    let killed: Promise<unknown> | undefined
    const upload = tusUpload(server.url, {
      file,
      metadata: metadataFor(file),
      retryDelays: RETRY,
      onProgress: (sent) => {
        if (sent < 8 * MB || killed) return
        const dying = server.proc
        killed = new Promise((resolve) => dying.once('exit', resolve)).then(async () => (server = await start(port)))
        dying.kill('SIGKILL')
      },
    })
    await upload.done
    expect(killed).toBeDefined()
    expect((await content(server.url, 'asset-1')).equals(file)).toBe(true)
  })
})

describe('a server stopped between the last byte and its check', () => {
  it('verifies the finished upload when the tablet next asks for the asset', async () => {
    const dir = tempDir()
    const storage = fileStorage(join(dir, 'video'))
    const server = await startVideoServer({ dataDir: dir, storage, grants })
    cleanups.push(() => server.close())
    const file = randomBytes(MB)
    const location = await createUpload(server.url, metadataFor(file))
    // Every byte reaches the store but the process stops before onUploadFinish: nothing checked it yet.
    await storage.datastore.write(Readable.from([file]), location.split('/').pop()!, 0)
    const res = await fetch(`${server.url}/api/video/assets/asset-1`, { headers: { Authorization: 'Bearer coach-a' } })
    expect(((await res.json()) as { status: string }).status).toBe('verified')
  })
})

describe('a full disk or bucket', () => {
  const body = (res: Response) => res.json() as Promise<{ error: { code: string } }>

  it('file store: the write that hits a full disk is answered 507 storageFull; the upload resumes once there is room', async () => {
    const dir = tempDir()
    const server = await startVideoServer({ dataDir: dir, storage: fileStorage(join(dir, 'video')), grants })
    cleanups.push(() => server.close())
    const file = randomBytes(6 * MB)
    const meta = metadataFor(file)
    const location = await createUpload(server.url, meta)
    const headers = { Authorization: 'Bearer coach-a', 'Tus-Resumable': '1.0.0' }
    const stored = join(dir, 'video', location.split('/').pop()!)
    // /dev/full answers every write with ENOSPC: the kernel's own "disk full", through the real write path.
    unlinkSync(stored)
    symlinkSync('/dev/full', stored)
    const patch = await fetch(location, { method: 'PATCH', headers: { ...headers, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: file.subarray(0, 5 * MB) })
    expect(patch.status).toBe(507)
    expect((await body(patch)).error.code).toBe('storageFull')

    unlinkSync(stored)
    writeFileSync(stored, '')
    await tusUpload(server.url, { file, metadata: meta, uploadUrl: location }).done
    expect((await content(server.url, 'asset-1')).equals(file)).toBe(true)
  })

  it('S3: a bucket that is full (MinIO answers 507) is answered 507 storageFull', async () => {
    const dir = tempDir()
    const s3: S3TestServer = await startS3Server({ dir: join(dir, 's3'), quotaBytes: 8 * MB })
    cleanups.push(() => s3.close())
    const storage = s3Storage({ endpoint: s3.url, bucket: 'rondblik', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: 'us-east-1' })
    const server = await startVideoServer({ dataDir: dir, storage, grants })
    cleanups.push(() => server.close())
    const file = randomBytes(12 * MB)
    const error = (await tusUpload(server.url, { file, metadata: metadataFor(file) }).done.catch((e: unknown) => e)) as { originalResponse: { getStatus(): number; getBody(): string } }
    expect(error.originalResponse.getStatus()).toBe(507)
    expect(JSON.parse(error.originalResponse.getBody())).toMatchObject({ error: { code: 'storageFull' } })
  })
})
