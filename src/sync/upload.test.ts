/**
 * The upload queue against the real video routes on loopback (server/src/video, file store), with
 * tus-js-client's Node build reading the same bytes the browser's reads from OPFS.
 */
import 'fake-indexeddb/auto'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Dexie, { type Table } from 'dexie'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fileStorage } from '../../server/src/video/storage'
import { link, startVideoServer, type VideoTestServer } from '../../server/src/video/testing'
import type { VideoFile } from '../domain/model'
import { crc32 } from '../media/crc32'
import { createUploadQueue, UPLOADS_STORES, type UploadDeps, type UploadRow } from './upload'
import type { UploadProgress } from './upload-progress'

const MB = 1024 * 1024

class TestDb extends Dexie {
  uploads!: Table<UploadRow, string>
  videoFiles!: Table<VideoFile, string>
  constructor(name: string) {
    super(name)
    this.version(1).stores({ uploads: UPLOADS_STORES, videoFiles: 'id, recordingId' })
  }
}

describe('the upload queue', () => {
  let dir: string
  let server: VideoTestServer
  let db: TestDb
  /** OPFS stand-in: the files by name. */
  let opfs: Map<string, Buffer>
  let target: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rondblik-upload-'))
    server = await startVideoServer({ dataDir: dir, storage: fileStorage(join(dir, 'video')), grants: { 'coach-a': ['coachee-1'] } })
  })
  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })
  beforeEach(() => {
    db = new TestDb(`uploads-${Math.random()}`)
    opfs = new Map()
    target = server.url
  })
  afterEach(() => db.delete())

  function deps(overrides: Partial<UploadDeps> = {}): UploadDeps {
    return {
      uploads: db.uploads,
      videoFiles: {
        get: (id) => db.videoFiles.get(id),
        byRecordings: (ids) => db.videoFiles.where('recordingId').anyOf([...ids]).toArray(),
        remove: (id) => db.videoFiles.delete(id),
      },
      readFile: async (name) => {
        const bytes = opfs.get(name)
        if (!bytes) throw new DOMException('gone', 'NotFoundError')
        return new File([new Uint8Array(bytes)], name)
      },
      removeFile: async (name) => void opfs.delete(name),
      scopeOf: async () => 'coachee-1',
      server: async () => ({ url: target, token: async () => 'coach-a' }),
      tusSource: async (file) => Buffer.from(await file.arrayBuffer()),
      retryDelaysMs: [50, 100, 200],
      ...overrides,
    }
  }

  async function addFile(id: string, kind: VideoFile['kind'], size: number, recordingId = 'rec-1'): Promise<Buffer> {
    const bytes = randomBytes(size)
    opfs.set(`${id}.mp4`, bytes)
    await db.videoFiles.put({
      id, recordingId, kind, name: `${id}.mp4`, startSec: kind === 'full' ? 0 : 42.5, endSec: kind === 'full' ? 600 : 62.25, size, reached: size,
      // The import keeps a full file's CRC as it downloads; a fragment's is 0 (not taken).
      crc: kind === 'full' ? crc32(bytes) : 0, state: 'done', createdAt: 1, updatedAt: 1,
    })
    return bytes
  }

  async function onServer(id: string): Promise<Buffer> {
    const res = await fetch(`${server.url}/api/video/assets/${id}/content`, { headers: { Authorization: 'Bearer coach-a' } })
    expect(res.status).toBe(200)
    return Buffer.from(await res.arrayBuffer())
  }

  it('sends what the coach chose per recording, verified by the server, and only then frees the tablet’s copy', async () => {
    const whole = await addFile('full-1', 'full', 11 * MB)
    const fragmentA = await addFile('frag-a', 'fragment', 2 * MB)
    const fragmentB = await addFile('frag-b', 'fragment', 3 * MB + 1)
    const queue = createUploadQueue(deps())

    expect((await queue.choose('rec-1', 'whole')).map((r) => [r.id, r.kind, r.crc32])).toEqual([['full-1', 'whole', crc32(whole)]])
    // The coach changes her mind before anything went: the fragments, with their CRC taken from their bytes.
    const rows = await queue.choose('rec-1', 'fragments')
    expect(rows.map((r) => [r.id, r.crc32]).sort()).toEqual([['frag-a', crc32(fragmentA)], ['frag-b', crc32(fragmentB)]])
    expect(await queue.freeSpace('frag-a')).toBe(false)

    const progress: UploadProgress[] = []
    queue.onProgress((p) => progress.push(p))
    await queue.run()
    expect((await db.uploads.toArray()).map((r) => [r.id, r.state, r.sent])).toEqual([['frag-a', 'verified', fragmentA.length], ['frag-b', 'verified', fragmentB.length]])
    expect((await onServer('frag-b')).equals(fragmentB)).toBe(true)
    const asset = await (await fetch(`${server.url}/api/video/assets/frag-b`, { headers: { Authorization: 'Bearer coach-a' } })).json()
    expect(asset).toMatchObject({ kind: 'fragment', startSec: 42.5, endSec: 62.25 })
    expect(progress.at(-1)).toMatchObject({ id: 'frag-b', sent: fragmentB.length, total: fragmentB.length })

    expect(await queue.freeSpace('frag-a')).toBe(true)
    expect(opfs.has('frag-a.mp4')).toBe(false)
    expect(await db.videoFiles.get('frag-a')).toBeUndefined()
    expect((await db.uploads.get('frag-a'))?.freedAt).toBeTypeOf('number')
    expect(opfs.has('full-1.mp4')).toBe(true)
  })

  it('sends the fragment files holding the chosen windows, and cuts those the tablet has no fragment of from the whole file', async () => {
    await addFile('full-1', 'full', 1 * MB)
    await addFile('frag-a', 'fragment', 1 * MB) // 42.5 – 62.25
    await db.videoFiles.put({ ...(await db.videoFiles.get('frag-a'))!, id: 'frag-b', name: 'frag-b.mp4', startSec: 200, endSec: 220 })
    opfs.set('frag-b.mp4', randomBytes(1000))
    const asked: [number, number][][] = []
    const cutFromWhole: UploadDeps['cutFromWhole'] = async (whole, windows) => {
      asked.push(windows.map((w) => [w.startSec, w.endSec]))
      const cut: VideoFile = { ...whole, id: 'cut-1', name: 'cut-1.mp4', kind: 'fragment', startSec: 299, endSec: 320.5, size: 1000, crc: 0 }
      opfs.set(cut.name, randomBytes(1000))
      await db.videoFiles.put(cut)
      return [cut]
    }
    const queue = createUploadQueue(deps({ cutFromWhole }))
    const windows = [
      { recordingId: 'rec-1', startSec: 45, endSec: 62.2, markerIds: ['m1'] },
      { recordingId: 'rec-1', startSec: 300, endSec: 320, markerIds: ['m2'] },
    ]
    const rows = await queue.choose('rec-1', 'fragments', windows)
    // frag-b holds no chosen window: it stays on the tablet, unsent.
    expect(rows.map((r) => r.id).sort()).toEqual(['cut-1', 'frag-a'])
    expect(asked).toEqual([[[300, 320]]])
    // Chosen again, nothing is cut twice.
    await queue.choose('rec-1', 'fragments', windows)
    expect(asked).toHaveLength(1)
  })

  it('resumes after a reload from the URL kept in Dexie, at the server’s offset, without a new upload', async () => {
    const whole = await addFile('full-2', 'full', 16 * MB, 'rec-2')
    const wifi = await link(server.url)
    target = wifi.url
    const first = createUploadQueue(deps())
    await first.choose('rec-2', 'whole')
    let stopped: Promise<void> | undefined
    first.onProgress((p) => {
      if (p.sent >= 6 * MB) stopped ??= first.stop()
    })
    await first.run()
    await stopped
    const kept = (await db.uploads.get('full-2'))!
    expect(kept.uploadUrl).toMatch(/\/api\/video\/uploads\/\w+$/)
    expect(kept.state).toBe('queued')

    // The app reloads: a new queue over the same Dexie.
    const second = createUploadQueue(deps())
    await second.run()
    expect((await db.uploads.get('full-2'))?.state).toBe('verified')
    expect((await onServer('full-2')).equals(whole)).toBe(true)
    expect(wifi.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1)
    expect(wifi.requests).toContain(`HEAD ${new URL(kept.uploadUrl!).pathname}`)
    await wifi.close()
  })

  it('a stalled request is given up by the watchdog and resumed', async () => {
    const whole = await addFile('full-3', 'full', 12 * MB, 'rec-3')
    const wifi = await link(server.url)
    target = wifi.url
    wifi.stallAfter(7 * MB)
    // Above @tus/server's lock drain (3 s): the next request waits that long for the stalled one's lock.
    const queue = createUploadQueue(deps({ stallMs: 3_500 }))
    await queue.choose('rec-3', 'whole')
    await queue.run()
    expect((await db.uploads.get('full-3'))?.state).toBe('verified')
    expect((await onServer('full-3')).equals(whole)).toBe(true)
    expect(wifi.requests.filter((r) => r.startsWith('HEAD')).length).toBeGreaterThanOrEqual(1)
    await wifi.close()
  })

  it('a wrong CRC is refused by the server and left for the coach as uploadMismatch; a forged scope as forbidden', async () => {
    await addFile('full-4', 'full', MB, 'rec-4')
    await db.videoFiles.update('full-4', { crc: 12345 })
    const queue = createUploadQueue(deps())
    await queue.choose('rec-4', 'whole')
    await queue.run()
    expect(await db.uploads.get('full-4')).toMatchObject({ state: 'failed', error: 'uploadMismatch', uploadUrl: null })
    expect(await queue.freeSpace('full-4')).toBe(false)

    await addFile('full-5', 'full', MB, 'rec-5')
    const forged = createUploadQueue(deps({ scopeOf: async () => 'coachee-2' }))
    await forged.choose('rec-5', 'whole')
    await forged.run()
    expect(await db.uploads.get('full-5')).toMatchObject({ state: 'failed', error: 'forbidden' })
  })

  it('waits when the server cannot be reached, and goes on when it can', async () => {
    const whole = await addFile('full-6', 'full', MB, 'rec-6')
    target = 'http://127.0.0.1:9' // nothing listens there
    const queue = createUploadQueue(deps({ retryDelaysMs: [10] }))
    await queue.choose('rec-6', 'whole')
    await queue.run()
    expect(await db.uploads.get('full-6')).toMatchObject({ state: 'waiting', error: 'unreachable' })
    target = server.url
    await queue.run()
    expect((await onServer('full-6')).equals(whole)).toBe(true)
  })
})
