import 'fake-indexeddb/auto'
import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb, type RondblikDb } from '../db/database'
import { AT_REST_KEY, isSealed, migrateAtRest, setDataKey } from '../db/encryption'
import { openTestDb } from '../db/testing'
import { ACCOUNT_KEY } from '../sync/account'
import { KEYRING_KEY } from './keyring'
import { createLockSession } from './session'

const fast = { iterations: 1000 }
const coachee = { id: 'c1', name: 'Anna de Vries', role: 'student', school: 'ALO Amsterdam', notes: 'twijfelt', archivedAt: null, createdAt: 1, updatedAt: 1, deletedAt: null } as const

const appDb = (name?: string): RondblikDb => (name ? openDb(name) : openTestDb())

/** The coachee as stored, read without the app's schema and middleware. */
async function stored(db: RondblikDb): Promise<Record<string, unknown>> {
  const raw = new Dexie(db.name)
  try {
    await raw.open()
    return (await raw.table('coachees').get('c1')) as Record<string, unknown>
  } finally {
    raw.close()
  }
}

afterEach(() => setDataKey(null))

describe('lock session', () => {
  it('setting a passcode encrypts the records in place; a reload starts locked and the passcode opens them', async () => {
    const db = appDb()
    await db.coachees.put(coachee)
    const session = createLockSession(db, fast)
    expect(await session.load()).toBe('none')
    await session.setPasscode('123456')
    expect(isSealed((await stored(db)).name)).toBe(true)
    expect((await db.coachees.get('c1'))!.name).toBe('Anna de Vries')
    db.close()

    const reloaded = appDb(db.name)
    const again = createLockSession(reloaded, fast)
    expect(await again.load()).toBe('locked')
    await expect(reloaded.coachees.get('c1')).rejects.toMatchObject({ code: 'locked' })
    expect(await again.unlock('654321')).toMatchObject({ ok: false, code: 'wrongPasscode' })
    expect(await again.unlock('123456')).toEqual({ ok: true })
    expect((await reloaded.coachees.get('c1'))!.name).toBe('Anna de Vries')
    again.lock()
    await expect(reloaded.coachees.get('c1')).rejects.toMatchObject({ code: 'locked' })
  })

  it('a changed passcode opens the same records; removing it leaves them plain and nothing to unlock', async () => {
    const db = appDb()
    await db.coachees.put(coachee)
    const session = createLockSession(db, fast)
    await session.load()
    await session.setPasscode('123456')
    expect(await session.changePasscode('123456', 'een lange zin')).toEqual({ ok: true })
    session.lock()
    expect(await session.unlock('een lange zin')).toEqual({ ok: true })
    expect(await session.removePasscode('123456')).toMatchObject({ ok: false, code: 'wrongPasscode' })
    expect(session.state()).toBe('unlocked')
    expect(await session.removePasscode('een lange zin')).toEqual({ ok: true })
    expect(session.state()).toBe('none')
    expect((await stored(db)).name).toBe('Anna de Vries')
    expect(await db.meta.get(KEYRING_KEY)).toBeUndefined()
  })

  it('a removal cut off after the decryption is finished at the next unlock', async () => {
    const db = appDb()
    await db.coachees.put(coachee)
    const session = createLockSession(db, fast)
    await session.load()
    await session.setPasscode('123456')
    // The tab dies between the decryption and deleting the wrapped key.
    await migrateAtRest(db, 'plain')
    db.close()
    const reloaded = appDb(db.name)
    const again = createLockSession(reloaded, fast)
    expect(await again.load()).toBe('locked')
    expect(await again.unlock('123456')).toEqual({ ok: true })
    expect(again.state()).toBe('none')
    expect((await stored(reloaded)).name).toBe('Anna de Vries')
  })

  it('a forgotten passcode wipes the records, the account and the lock', async () => {
    const db = appDb()
    await db.coachees.put(coachee)
    await db.meta.put({ key: ACCOUNT_KEY, value: { username: 'anna' } })
    const session = createLockSession(db, fast)
    await session.load()
    await session.setPasscode('123456')
    session.lock()
    let filesRemoved = false
    await session.wipe(async () => void (filesRemoved = true))
    expect(filesRemoved).toBe(true)
    expect(session.state()).toBe('none')
    expect(await db.coachees.count()).toBe(0)
    expect(await db.meta.bulkGet([ACCOUNT_KEY, KEYRING_KEY, AT_REST_KEY])).toEqual([undefined, undefined, undefined])
  })
})
