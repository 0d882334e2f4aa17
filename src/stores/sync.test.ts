// The sync store as the Schoolserver card uses it, against the real school server on loopback (in
// Node: under jsdom the server in this process breaks, jsdom's Uint8Array is not Node's).
import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from '../../server/test/harness'
import { repositories } from '../db/app'
import { getDb } from '../db/database'
import { newCoachee } from '../db/testing'
import { useSyncStore } from './sync'

let server: TestServer
beforeAll(async () => {
  // The store listens for the network coming back.
  vi.stubGlobal('window', new EventTarget())
  server = await startTestServer()
  await server.addCoach('anna')
  await server.addCoach('bram')
})
afterAll(async () => {
  await server.close()
})

const form = { username: 'anna', password: 'geheim-wachtwoord', deviceName: 'tablet' }

describe('the sync store', () => {
  it('signs in (not with a wrong password), syncs, tells the upload queue, keeps a refused change for the coach, and signs out', async () => {
    setActivePinia(createPinia())
    const sync = useSyncStore()
    sync.start()
    const synced = vi.fn()
    const signedOut = vi.fn()
    sync.onSynced(synced)
    sync.onSignedOut(signedOut)

    expect(await sync.signIn({ ...form, url: server.url, password: 'fout' })).toBe(false)
    expect(sync.signInProblem).toBe('badCredentials')
    expect(sync.signedIn).toBeUndefined()

    // Bram's coachee claims the id first: Anna's record of the same id is refused, her own one is not.
    const bram = server.client()
    await bram.login('bram', 'geheim-wachtwoord')
    await bram.push(bram.changes({ table: 'coachees', id: 'coachee-x', scope: 'coachee-x', fields: { name: { value: 'Van Bram', hlc: '1700000000000:00000:b' } } }))
    await repositories().coachees.create(newCoachee({ name: 'Vervalst' }), { id: 'coachee-x' })
    const own = await repositories().coachees.create(newCoachee({ name: 'Eigen' }))
    await vi.waitFor(() => expect(sync.pending).toBe(2))

    expect([await sync.signIn({ ...form, url: server.url }), sync.signInProblem]).toEqual([true, null])
    expect(sync.signedIn?.coach.username).toBe('anna')
    await sync.syncNow()
    await vi.waitFor(() => expect(sync.status.lastSyncedAt).toEqual(expect.any(Number)))
    await vi.waitFor(() => expect(sync.pending).toBe(0))
    expect(synced).toHaveBeenCalled()
    expect(sync.status.lastError).toBeNull()
    await vi.waitFor(() => expect(sync.rejections.map((r) => [r.id, r.code])).toEqual([['coachee-x', 'forbidden']]))
    expect(await getDb().stamps.get(['coachees', own.id])).toBeDefined()

    await sync.dismissRejections()
    await vi.waitFor(() => expect(sync.rejections).toEqual([]))
    await sync.signOut()
    expect(signedOut).toHaveBeenCalledOnce()
    expect(sync.signedIn).toBeUndefined()
    expect(await repositories().coachees.get(own.id)).toBeDefined() // signing out keeps the coach's records
  })
})
