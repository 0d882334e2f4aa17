// The real client (account, engine) against the real school server on loopback.
import 'fake-indexeddb/auto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../server/test/harness'
import type { RondblikDb } from '../db/database'
import { createRepositories } from '../db/repositories'
import { newCoachee, openTestDb } from '../db/testing'
import { createAccount } from './account'
import { createSyncEngine, SyncError } from './engine'
import { API_PATHS } from './protocol'
import { wipeRevokedDevice, REVOKED_KEY } from './wipe'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
  await server.addCoach('anna')
  await server.addCoach('bram')
})
afterAll(async () => {
  await server.close()
})

const dbs: RondblikDb[] = []
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()))
})

/** A tablet: its own database, signed in as `username`; `fetch` may be wrapped to cut the link. */
async function tablet(username: string, options: { now?: () => number; fetch?: typeof fetch } = {}) {
  const db = openTestDb()
  dbs.push(db)
  const now = options.now ?? (() => server.clock.now)
  const repos = createRepositories(db, { now })
  const coacheeBefore = await repos.coachees.create(newCoachee({ name: `Van voor de sync (${username})` }))
  const account = createAccount({ db, now, fetch: options.fetch })
  await account.signIn({ url: server.url, username, password: 'geheim-wachtwoord', deviceName: `tablet van ${username}` })
  const engine = createSyncEngine({ db, transport: account.transport(), now })
  return { db, repos, account, engine, coacheeBefore }
}

describe('sync with the real server', () => {
  it('brings pre-sync records to the server; two devices of one coach editing different fields offline both keep their edit; another coach sees none of it', async () => {
    const a = await tablet('anna')
    expect(await a.engine.sync()).toMatchObject({ ok: true, pushed: 1 })
    const b = await tablet('anna')
    expect(await b.engine.sync()).toMatchObject({ ok: true, pushed: 1, pulled: 2 })
    expect(await a.engine.sync()).toMatchObject({ ok: true, pulled: 1 })
    const id = a.coacheeBefore.id
    expect(await b.repos.coachees.get(id)).toEqual(a.coacheeBefore)

    await a.repos.coachees.update(id, { school: 'HALO' })
    server.clock.advance(1000)
    await b.repos.coachees.update(id, { notes: 'sterk in uitleg' })
    for (const device of [a, b, a]) expect(await device.engine.sync()).toMatchObject({ ok: true })
    for (const device of [a, b]) expect(await device.repos.coachees.get(id)).toMatchObject({ school: 'HALO', notes: 'sterk in uitleg' })

    const bram = await tablet('bram')
    expect(await bram.engine.sync()).toMatchObject({ ok: true, pulled: 1 })
    expect((await bram.repos.coachees.all()).map((c) => c.id)).toEqual([bram.coacheeBefore.id])
  })

  it('clamps a tablet clock a year ahead: the coach is told, and its stamps do not win later edits', async () => {
    const ahead = await tablet('anna', { now: () => server.clock.now + 365 * 24 * 3600_000 })
    const right = await tablet('anna')
    expect(await ahead.engine.sync()).toMatchObject({ ok: true, clockWrong: true })
    await right.engine.sync()
    server.clock.advance(1000)
    await right.repos.coachees.update(ahead.coacheeBefore.id, { name: 'Later, met de goede klok' })
    expect(await right.engine.sync()).toMatchObject({ ok: true, clockWrong: false })
    await ahead.engine.sync()
    expect((await ahead.repos.coachees.get(ahead.coacheeBefore.id))?.name).toBe('Later, met de goede klok')
  })

  it('survives the link dropping between a push and its answer: the resend changes nothing and loses nothing', async () => {
    let cut = false
    const cutting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      if (cut && String(input).endsWith(API_PATHS.push)) {
        cut = false
        throw new TypeError('network dropped after the server answered')
      }
      return response
    }
    const a = await tablet('anna', { fetch: cutting })
    await a.repos.coachees.create(newCoachee({ name: 'Tweede' }))
    cut = true
    expect(await a.engine.sync()).toEqual({ ok: false, code: 'unreachable' })
    expect(await a.db.outbox.count()).toBe(2)
    expect(await a.engine.sync()).toMatchObject({ ok: true, pushed: 2 })
    expect(await a.db.outbox.count()).toBe(0)
    const other = await tablet('anna')
    await other.engine.sync()
    expect((await other.repos.coachees.all()).map((c) => c.name)).toEqual(expect.arrayContaining([a.coacheeBefore.name, 'Tweede']))
  })

  it('refreshes an expired access token with the device-key proof, and a revoked device is told so and wiped', async () => {
    const a = await tablet('anna')
    await a.engine.sync()
    const before = (await a.account.account())!.tokens.accessToken
    server.clock.advance(24 * 3600_000)
    expect(await a.engine.sync()).toMatchObject({ ok: true })
    expect((await a.account.account())!.tokens.accessToken).not.toBe(before)

    const b = await tablet('anna')
    const { devices } = await b.account.devices()
    const deviceA = (await a.account.account())!.deviceId
    expect(devices.map((d) => d.id)).toContain(deviceA)
    await b.account.revokeDevice(deviceA)
    expect(await a.engine.sync()).toEqual({ ok: false, code: 'deviceRevoked' })

    let filesRemoved = false
    await wipeRevokedDevice(a.db, async () => void (filesRemoved = true), () => server.clock.now)
    expect(await a.db.coachees.count()).toBe(0)
    expect(await a.account.account()).toBeUndefined()
    expect((await a.db.meta.get(REVOKED_KEY))?.value).toBe(server.clock.now)
    expect(filesRemoved).toBe(true)
  })

  it('answers a wrong password with its code', async () => {
    const db = openTestDb()
    dbs.push(db)
    const account = createAccount({ db })
    const error = await account.signIn({ url: server.url, username: 'anna', password: 'fout', deviceName: 't' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SyncError)
    expect(error).toMatchObject({ code: 'badCredentials' })
    expect(await account.account()).toBeUndefined()
  })
})
