import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import type { RondblikDb } from '../db/database'
import { openTestDb } from '../db/testing'
import { createAccount, serverOrigin } from './account'
import type { LoginRequest, LoginResponse } from './protocol'

let db: RondblikDb | undefined
afterEach(async () => {
  await db?.delete()
})

describe('serverOrigin', () => {
  it('takes what a coach types as an address', () => {
    expect(serverOrigin(' rondblik.school.nl ')).toBe('https://rondblik.school.nl')
    expect(serverOrigin('https://rondblik.school.nl/instellingen')).toBe('https://rondblik.school.nl')
    expect(serverOrigin('http://127.0.0.1:8443')).toBe('http://127.0.0.1:8443')
    expect(serverOrigin('ftp://school.nl')).toBeUndefined()
    expect(serverOrigin('geen adres')).toBeUndefined()
  })
})

describe('account', () => {
  it('signs in with a non-extractable device key, kept for the next refresh', async () => {
    const opened = openTestDb()
    db = opened
    const sent: LoginRequest[] = []
    const answer: LoginResponse = {
      deviceId: 'device-1', coach: { id: 'c1', username: 'anna', displayName: 'Anna' },
      accessToken: 'a', accessExpiresAt: Date.now() + 900_000, refreshToken: 'r',
    }
    const account = createAccount({
      db: opened,
      fetch: async (_url, init) => {
        sent.push(JSON.parse(String(init?.body)) as LoginRequest)
        return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json', date: new Date().toUTCString() } })
      },
    })
    await account.signIn({ url: 'school.test', username: 'anna', password: 'pw', deviceName: 'Tablet' })
    expect(sent[0]!.device.publicKey).toMatchObject({ kty: 'EC', crv: 'P-256' })
    expect(sent[0]!.device.publicKey).not.toHaveProperty('d')
    const keys = (await opened.meta.get('sync.deviceKey'))?.value as CryptoKeyPair
    expect(keys.privateKey.extractable).toBe(false)
    await expect(crypto.subtle.exportKey('jwk', keys.privateKey)).rejects.toThrow()
    expect(await account.account()).toMatchObject({ url: 'https://school.test', deviceId: 'device-1' })
    expect(await account.token()).toBe('a')
  })
})
