/** The database locker between two server instances (two connections to one database), and two video servers sharing one upload. */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { databaseLocker, videoLocksMigration, type VideoLockTables } from './locker'
import { fileStorage } from './storage'
import { link, metadataFor, startVideoServer, tusUpload } from './testing'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function instances(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'rondblik-locks-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const dbs = Array.from({ length: count }, () => new Kysely<VideoLockTables>({ dialect: new SqliteDialect({ database: new Database(join(dir, 'db.sqlite')) }) }))
  for (const db of dbs) cleanups.push(() => db.destroy())
  await videoLocksMigration.up(dbs[0]! as Kysely<unknown>)
  return { dir, lockers: dbs.map((db) => databaseLocker(db, { pollMs: 20, leaseMs: 300, acquireTimeoutMs: 1_000 })), db: dbs[0]! }
}

describe('databaseLocker', () => {
  it('makes the holder on another instance let go when a request there wants the upload', async () => {
    const { lockers } = await instances(2)
    const held = lockers[0]!.newLock('upload-1')
    let asked = 0
    await held.lock(new AbortController().signal, () => {
      asked++
      void held.unlock()
    })
    const wanting = lockers[1]!.newLock('upload-1')
    await wanting.lock(new AbortController().signal, () => undefined)
    expect(asked).toBe(1)
    await wanting.unlock()
  })

  it('times a request out while a holder that is alive keeps the lock', async () => {
    const { lockers } = await instances(2)
    await lockers[0]!.newLock('upload-2').lock(new AbortController().signal, () => undefined)
    await expect(lockers[1]!.newLock('upload-2').lock(new AbortController().signal, () => undefined)).rejects.toMatchObject({ status_code: 500, body: expect.stringMatching(/lock/i) })
  })

  it('takes over the lock of a holder that died once its lease ran out', async () => {
    const { lockers, db } = await instances(2)
    await db.insertInto('video_locks').values({ upload_id: 'upload-3', holder: 'a process that was killed', expires_at: Date.now() + 200, release_requested: 0 }).execute()
    const started = Date.now()
    await lockers[1]!.newLock('upload-3').lock(new AbortController().signal, () => undefined)
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
  })

  it('an upload stalled at one server instance goes on at another, which waits until the first lets go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rondblik-locks-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const storage = fileStorage(join(dir, 'video'))
    const grants = { 'coach-a': ['coachee-1'] }
    const a = await startVideoServer({ dataDir: dir, storage, grants, sharedLock: true })
    const b = await startVideoServer({ dataDir: dir, storage, grants, sharedLock: true })
    cleanups.push(() => a.close(), () => b.close())
    const wifi = await link(a.url)
    cleanups.push(() => wifi.close())
    const file = randomBytes(12 * 1024 * 1024)
    // The second chunk stalls on its way to instance A, whose PATCH keeps the upload's lock.
    wifi.stallAfter(7 * 1024 * 1024)
    const first = tusUpload(wifi.url, { file, metadata: metadataFor(file) })
    while (wifi.sent() < 7 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 20))
    const path = new URL(first.url()!).pathname
    void first.abort()

    const started = Date.now()
    await tusUpload(b.url, { file, metadata: metadataFor(file), uploadUrl: `${b.url}${path}` }).done
    // B asked A through the database and waited out A's drain of its stalled request (tus: 3 s).
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500)
    const res = await fetch(`${a.url}/api/video/assets/asset-1/content`, { headers: { Authorization: 'Bearer coach-a' } })
    expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true)
  })
})
