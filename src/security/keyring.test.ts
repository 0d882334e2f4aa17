import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { openTestDb } from '../db/testing'
import { ATTEMPTS_KEY, KEYRING_KEY, createKeyring } from './keyring'
import { FIRST_WAIT_MS } from './passcode'

const fast = { iterations: 1000 }

async function roundTrip(key: CryptoKey, other: CryptoKey): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode('Anna de Vries'))
  return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, other, sealed))
}

describe('keyring', () => {
  it('starts with no passcode; setting one gives a non-extractable AES-GCM 256 key, stored only wrapped (PBKDF2-SHA-256 ≥ 600 000)', async () => {
    const db = openTestDb()
    const ring = createKeyring(db)
    expect(await ring.load()).toBe('none')
    expect(ring.dataKey()).toBeNull()
    const key = await ring.setPasscode('123456')
    expect(ring.state()).toBe('unlocked')
    expect(ring.dataKey()).toBe(key)
    expect(key.extractable).toBe(false)
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 })
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow()
    const stored = (await db.meta.get(KEYRING_KEY))!.value as Record<string, unknown>
    expect(stored).toMatchObject({ kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 }, wrap: 'AES-KW' })
    expect((stored.wrapped as string).length).toBeGreaterThan(40)
    await expect(ring.setPasscode('654321')).rejects.toThrow()
  })

  it('a reload starts locked; the right passcode unwraps the same data key, a wrong one does not', async () => {
    const db = openTestDb()
    const first = createKeyring(db, fast)
    await first.load()
    const key = await first.setPasscode('geheime zin')
    const reloaded = createKeyring(db, fast)
    const states: string[] = []
    reloaded.subscribe((s) => states.push(s))
    expect(await reloaded.load()).toBe('locked')
    expect(await reloaded.unlock('geheime zim')).toEqual({ ok: false, code: 'wrongPasscode', waitMs: 0 })
    expect(reloaded.dataKey()).toBeNull()
    expect(await reloaded.unlock('geheime zin')).toEqual({ ok: true })
    expect(await roundTrip(key, reloaded.dataKey()!)).toBe('Anna de Vries')
    reloaded.lock()
    expect(reloaded.dataKey()).toBeNull()
    expect(states).toEqual(['locked', 'unlocked', 'locked'])
  })

  it('after 5 wrong tries the next waits 30 s, doubling; the count survives a reload and a right one clears it', async () => {
    const db = openTestDb()
    let t = 1_000_000
    const now = () => t
    const ring = createKeyring(db, { ...fast, now })
    await ring.load()
    await ring.setPasscode('123456')
    ring.lock()
    for (let i = 0; i < 4; i += 1) expect(await ring.unlock('000000')).toEqual({ ok: false, code: 'wrongPasscode', waitMs: 0 })
    expect(await ring.unlock('000000')).toEqual({ ok: false, code: 'wrongPasscode', waitMs: FIRST_WAIT_MS })

    const reloaded = createKeyring(db, { ...fast, now })
    await reloaded.load()
    // Even the right passcode waits: the limit is on tries, not on wrong ones.
    expect(await reloaded.unlock('123456')).toEqual({ ok: false, code: 'wait', waitMs: FIRST_WAIT_MS })
    t += FIRST_WAIT_MS
    expect(await reloaded.unlock('000000')).toEqual({ ok: false, code: 'wrongPasscode', waitMs: 2 * FIRST_WAIT_MS })
    t += 2 * FIRST_WAIT_MS
    expect(await reloaded.unlock('123456')).toEqual({ ok: true })
    expect((await db.meta.get(ATTEMPTS_KEY))!.value).toEqual({ failures: 0, lastFailureAt: 0 })
  })

  it('a try cut off by a reload counts as wrong', async () => {
    const db = openTestDb()
    const ring = createKeyring(db, fast)
    await ring.load()
    await ring.setPasscode('123456')
    const pending = ring.unlock('123456')
    // The failure is written before PBKDF2 runs: read it while the derivation is under way.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(((await db.meta.get(ATTEMPTS_KEY))!.value as { failures: number }).failures).toBe(1)
    await pending
  })

  it('a change re-wraps the same data key: the old passcode stops working, the data key stays', async () => {
    const db = openTestDb()
    const ring = createKeyring(db, fast)
    await ring.load()
    const key = await ring.setPasscode('123456')
    expect(await ring.changePasscode('111111', '987654')).toMatchObject({ ok: false, code: 'wrongPasscode' })
    expect(await ring.changePasscode('123456', '987654')).toEqual({ ok: true })
    expect(ring.dataKey()).toBe(key)
    const reloaded = createKeyring(db, fast)
    await reloaded.load()
    expect(await reloaded.unlock('123456')).toMatchObject({ ok: false, code: 'wrongPasscode' })
    expect(await reloaded.unlock('987654')).toEqual({ ok: true })
    expect(await roundTrip(key, reloaded.dataKey()!)).toBe('Anna de Vries')
  })

  it('a damaged wrapped key is told apart from a wrong passcode', async () => {
    const db = openTestDb()
    const ring = createKeyring(db, fast)
    await ring.load()
    await ring.setPasscode('123456')
    const record = (await db.meta.get(KEYRING_KEY))!.value as { wrapped: string }
    await db.meta.put({ key: KEYRING_KEY, value: { ...record, wrapped: btoa('x'.repeat(40)) } })
    ring.lock()
    expect(await ring.unlock('123456')).toEqual({ ok: false, code: 'damaged' })
  })

  it('verify counts like an unlock; forget removes the wrapped key and the count', async () => {
    const db = openTestDb()
    const ring = createKeyring(db, fast)
    await ring.load()
    await ring.setPasscode('123456')
    expect(await ring.verify('123457')).toMatchObject({ ok: false, code: 'wrongPasscode' })
    expect(await ring.verify('123456')).toEqual({ ok: true })
    await ring.forget()
    expect(ring.state()).toBe('none')
    expect(ring.dataKey()).toBeNull()
    expect(await db.meta.bulkGet([KEYRING_KEY, ATTEMPTS_KEY])).toEqual([undefined, undefined])
    expect(await ring.unlock('123456')).toEqual({ ok: false, code: 'noPasscode' })
  })
})
