import { describe, expect, it } from 'vitest'
import { FIRST_WAIT_MS, MAX_WAIT_MS, NO_ATTEMPTS, checkNewPasscode, recordFailure, waitAfter, waitRemaining } from './passcode'

describe('passcode rules', () => {
  it('takes a PIN of at least 6 digits or a passphrase of at least 8 characters', () => {
    expect(checkNewPasscode('12345', '12345')).toEqual({ ok: false, error: 'tooShortPin', min: 6 })
    expect(checkNewPasscode('123456', '123456')).toEqual({ ok: true, kind: 'pin' })
    expect(checkNewPasscode('geheim1', 'geheim1')).toEqual({ ok: false, error: 'tooShortPassphrase', min: 8 })
    expect(checkNewPasscode('12 34 56', '12 34 56')).toEqual({ ok: true, kind: 'passphrase' })
    // Characters, not UTF-16 units: 7 emoji stay too short.
    expect(checkNewPasscode('🔒'.repeat(7), '🔒'.repeat(7))).toMatchObject({ ok: false, error: 'tooShortPassphrase' })
    expect(checkNewPasscode('x'.repeat(257), 'x'.repeat(257))).toMatchObject({ ok: false, error: 'tooLong' })
  })

  it('asks for the same passcode twice', () => {
    expect(checkNewPasscode('123456', '123465')).toEqual({ ok: false, error: 'different' })
  })
})

describe('attempt limit', () => {
  it('lets 5 wrong tries pass, then waits 30 s, doubling up to 30 min', () => {
    expect([0, 4].map(waitAfter)).toEqual([0, 0])
    expect([5, 6, 7].map(waitAfter)).toEqual([FIRST_WAIT_MS, 2 * FIRST_WAIT_MS, 4 * FIRST_WAIT_MS])
    expect(waitAfter(40)).toBe(MAX_WAIT_MS)
  })

  it('counts the wait from the last wrong try, and a clock set back does not stretch it', () => {
    let attempts = NO_ATTEMPTS
    for (let i = 0; i < 5; i += 1) attempts = recordFailure(attempts, 1000)
    expect(waitRemaining(attempts, 1000)).toBe(30_000)
    expect(waitRemaining(attempts, 21_000)).toBe(10_000)
    expect(waitRemaining(attempts, 31_000)).toBe(0)
    expect(waitRemaining(attempts, -1_000_000)).toBe(30_000)
  })
})
