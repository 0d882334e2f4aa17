/**
 * The video routes over real HTTP with tus-js-client, the same suite on the file store and on S3 (the
 * small S3-compatible server in server/test/s3: no S3-compatible server is available here).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UPLOAD_PATH, VIDEO_LINK_PATH, VIDEO_LINK_TTL_MS, type Asset, type AssetsResponse, type VideoLinkResponse } from '../../../src/sync/protocol'
import { fileStorage } from './storage'
import { metadataFor, startVideoServer, STORAGES, tusUpload, type StorageUnderTest, type VideoTestServer } from './testing'

const MB = 1024 * 1024
const grants = { 'coach-a': ['coachee-1'], 'coach-b': ['coachee-2'] }

const auth = (coach: string) => ({ Authorization: `Bearer ${coach}` })

describe.each(STORAGES)('video uploads on the $name', ({ make }) => {
  let dir: string
  let server: VideoTestServer
  let backing: Awaited<ReturnType<StorageUnderTest['make']>>
  const file = randomBytes(12 * MB + 12345)

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rondblik-video-'))
    backing = await make(dir)
    server = await startVideoServer({ dataDir: dir, storage: backing.storage, grants })
  })
  afterAll(async () => {
    await server.close()
    await backing.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('takes a file in 5 MB chunks, verifies it and serves it whole and with Range to the same coach', async () => {
    const { done } = tusUpload(server.url, { file, metadata: metadataFor(file) })
    await done
    const asset = (await (await fetch(`${server.url}/api/video/assets/asset-1`, { headers: auth('coach-a') })).json()) as Asset
    expect(asset).toMatchObject({ id: 'asset-1', recordingId: 'rec-1', scope: 'coachee-1', kind: 'whole', startSec: 0, endSec: 600.5, status: 'verified', size: file.length })

    const list = (await (await fetch(`${server.url}/api/video/assets?recordingId=rec-1`, { headers: auth('coach-a') })).json()) as AssetsResponse
    expect(list.assets.map((a) => a.id)).toEqual(['asset-1'])

    const whole = await fetch(`${server.url}/api/video/assets/asset-1/content`, { headers: auth('coach-a') })
    expect(whole.status).toBe(200)
    expect(Buffer.from(await whole.arrayBuffer()).equals(file)).toBe(true)

    const part = await fetch(`${server.url}/api/video/assets/asset-1/content`, { headers: { ...auth('coach-a'), Range: 'bytes=5242870-5242889' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 5242870-5242889/${file.length}`)
    expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(5242870, 5242890))).toBe(true)

    const tail = await fetch(`${server.url}/api/video/assets/asset-1/content`, { headers: { ...auth('coach-a'), Range: 'bytes=-100' } })
    expect(Buffer.from(await tail.arrayBuffer()).equals(file.subarray(file.length - 100))).toBe(true)

    const outside = await fetch(`${server.url}/api/video/assets/asset-1/content`, { headers: { ...auth('coach-a'), Range: `bytes=${file.length}-` } })
    expect(outside.status).toBe(416)
    expect(outside.headers.get('content-range')).toBe(`bytes */${file.length}`)
    if (backing.s3) expect([...backing.s3.calls.keys()]).toEqual(expect.arrayContaining(['CreateMultipartUpload', 'UploadPart', 'ListParts', 'CompleteMultipartUpload', 'PutObject', 'GetObject']))
  })

  it('gives the same coach a playback link a <video> can use without sign-in, with Range; another coach none', async () => {
    const made = await fetch(`${server.url}/api/video/assets/asset-1/link`, { method: 'POST', headers: auth('coach-a') })
    const { url, expiresAt } = (await made.json()) as VideoLinkResponse
    expect(url.startsWith(`${VIDEO_LINK_PATH}/`)).toBe(true)
    expect(expiresAt).toBeGreaterThan(Date.now())
    const part = await fetch(`${server.url}${url}`, { headers: { Range: 'bytes=1000-1999' } })
    expect([part.status, part.headers.get('content-type')]).toEqual([206, 'video/mp4'])
    expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(1000, 2000))).toBe(true)
    expect((await fetch(`${server.url}${url}x`)).status).toBe(404)
    expect((await fetch(`${server.url}/api/video/assets/asset-1/link`, { method: 'POST', headers: auth('coach-b') })).status).toBe(404)
  })

  it('shows another coach nothing: no list entry, no bytes, no access to the upload', async () => {
    const list = (await (await fetch(`${server.url}/api/video/assets?recordingId=rec-1`, { headers: auth('coach-b') })).json()) as AssetsResponse
    expect(list.assets).toEqual([])
    expect((await fetch(`${server.url}/api/video/assets/asset-1/content`, { headers: auth('coach-b') })).status).toBe(404)
    const { done, url } = tusUpload(server.url, { file, metadata: metadataFor(file, { assetId: 'asset-x' }) })
    await done
    const own = await fetch(url()!, { method: 'HEAD', headers: { ...auth('coach-a'), 'Tus-Resumable': '1.0.0' } })
    expect([own.status, own.headers.get('upload-offset')]).toEqual([200, String(file.length)])
    const head = await fetch(url()!, { method: 'HEAD', headers: { ...auth('coach-b'), 'Tus-Resumable': '1.0.0' } })
    expect(head.status).toBe(404)
    const patch = await fetch(url()!, { method: 'PATCH', headers: { ...auth('coach-b'), 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: 'x' })
    expect(patch.status).toBe(404)
  })

  it('refuses an upload for a coachee the coach holds no grant on, before anything is stored', async () => {
    const { done } = tusUpload(server.url, { file, metadata: metadataFor(file, { assetId: 'asset-forged', scope: 'coachee-2' }) })
    const error = (await done.catch((e: unknown) => e)) as { originalResponse: { getStatus(): number; getBody(): string } }
    expect(error.originalResponse.getStatus()).toBe(403)
    expect(JSON.parse(error.originalResponse.getBody())).toMatchObject({ error: { code: 'forbidden' } })
    expect((await fetch(`${server.url}/api/video/assets/asset-forged`, { headers: auth('coach-a') })).status).toBe(404)
  })

  it('refuses metadata that does not match the schema or the length', async () => {
    for (const metadata of [{ ...metadataFor(file), crc32: 'abc' }, { ...metadataFor(file), size: '5' }]) {
      const error = (await tusUpload(server.url, { file, metadata }).done.catch((e: unknown) => e)) as { originalResponse: { getStatus(): number; getBody(): string } }
      expect(error.originalResponse.getStatus()).toBe(400)
      expect(JSON.parse(error.originalResponse.getBody())).toMatchObject({ error: { code: 'invalidRequest' } })
    }
  })

  it('refuses a file whose CRC-32 is not what the tablet recorded, keeps none of it, and takes a fresh try', async () => {
    const recorded = metadataFor(file, { assetId: 'asset-crc', recordingId: 'rec-2' })
    const wrong = { ...recorded, crc32: String((Number(recorded.crc32) + 1) % 2 ** 32) }
    const error = (await tusUpload(server.url, { file, metadata: wrong }).done.catch((e: unknown) => e)) as { originalResponse: { getStatus(): number; getBody(): string } }
    expect(error.originalResponse.getStatus()).toBe(422)
    expect(JSON.parse(error.originalResponse.getBody())).toMatchObject({ error: { code: 'uploadMismatch' } })
    const failed = (await (await fetch(`${server.url}/api/video/assets/asset-crc`, { headers: auth('coach-a') })).json()) as Asset
    expect(failed.status).toBe('failed')
    expect((await fetch(`${server.url}/api/video/assets/asset-crc/content`, { headers: auth('coach-a') })).status).toBe(404)

    await tusUpload(server.url, { file, metadata: recorded }).done
    const retried = (await (await fetch(`${server.url}/api/video/assets/asset-crc`, { headers: auth('coach-a') })).json()) as Asset
    expect(retried.status).toBe('verified')
    const again = (await tusUpload(server.url, { file, metadata: recorded }).done.catch((e: unknown) => e)) as { originalResponse: { getStatus(): number } }
    expect(again.originalResponse.getStatus()).toBe(400)
  })

  it('answers GET on the tus path with nothing: downloads go through the grant-checked assets route', async () => {
    const { done, url } = tusUpload(server.url, { file: file.subarray(0, 1000), metadata: metadataFor(file.subarray(0, 1000), { assetId: 'asset-small' }) })
    await done
    expect(url()!.startsWith(`${server.url}${UPLOAD_PATH}/`)).toBe(true)
    expect((await fetch(url()!, { headers: auth('coach-a') })).status).toBe(404)
  })
})

describe('playback links', () => {
  it('stop working when they expire', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rondblik-video-'))
    const clock = { now: Date.now() }
    const server = await startVideoServer({ dataDir: dir, storage: fileStorage(join(dir, 'video')), grants, now: () => clock.now })
    try {
      const file = randomBytes(1000)
      await tusUpload(server.url, { file, metadata: metadataFor(file) }).done
      const { url } = (await (await fetch(`${server.url}/api/video/assets/asset-1/link`, { method: 'POST', headers: auth('coach-a') })).json()) as VideoLinkResponse
      clock.now += VIDEO_LINK_TTL_MS - 1
      expect((await fetch(`${server.url}${url}`)).status).toBe(200)
      clock.now += 2
      expect((await fetch(`${server.url}${url}`)).status).toBe(404)
    } finally {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the file store', () => {
  it('keeps no second copy: the finished upload is the asset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rondblik-video-'))
    const server = await startVideoServer({ dataDir: dir, storage: fileStorage(join(dir, 'video')), grants })
    try {
      const file = randomBytes(MB)
      await tusUpload(server.url, { file, metadata: metadataFor(file) }).done
      expect(readdirSync(join(dir, 'video')).filter((n) => !n.endsWith('.json'))).toHaveLength(1)
    } finally {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
