/**
 * The app lock's keys (issue 11): one random AES-GCM 256 data key that encrypts the records at rest,
 * kept only wrapped (AES-KW) by a key derived from the coach's passcode (PBKDF2-SHA-256, ≥ 600 000
 * iterations, random salt). The wrapped key, salt, iterations and a check value live in the device-
 * local `meta` table (never synced, never in a backup). Unwrapped, the data key is non-extractable
 * and lives in memory only while unlocked.
 *
 * A passcode change re-wraps the same data key in one write: nothing is re-encrypted, so a change cut
 * off by a reload leaves either the old passcode or the new one working, never neither.
 */
import { derivePasswordKey, fromBase64, PBKDF2_MIN_ITERATIONS, toBase64, type PasswordKdf } from '../db/backup-crypto'
import type { RondblikDb } from '../db/database'
import { NO_ATTEMPTS, recordFailure, waitRemaining, type Attempts } from './passcode'

export const KEYRING_KEY = 'lock.keyring'
export const ATTEMPTS_KEY = 'lock.attempts'
const KEYRING_VERSION = 1

interface KeyringRecord {
  version: typeof KEYRING_VERSION
  kdf: PasswordKdf & { name: 'PBKDF2'; hash: 'SHA-256' }
  wrap: 'AES-KW'
  /** Base64 of the AES-KW-wrapped raw data key. */
  wrapped: string
  /** Tells a wrong passcode from a damaged record (derivePasswordKey). */
  check: string
}

export type KeyringState = 'loading' | 'none' | 'locked' | 'unlocked'

/** Why a passcode was not taken; `waitMs` is how long the next try must wait (0: now). */
export type PasscodeRefusal =
  | { ok: false; code: 'wrongPasscode'; waitMs: number }
  | { ok: false; code: 'wait'; waitMs: number }
  | { ok: false; code: 'damaged' }
  | { ok: false; code: 'noPasscode' }
export type PasscodeResult = { ok: true } | PasscodeRefusal

export interface Keyring {
  /** Reads whether a passcode is set; the app starts locked when one is. */
  load(): Promise<KeyringState>
  state(): KeyringState
  /** The unwrapped data key: null while locked or with no passcode. */
  dataKey(): CryptoKey | null
  /** Milliseconds until the next passcode try is allowed. */
  waitMs(): Promise<number>
  unlock(passcode: string): Promise<PasscodeResult>
  /** Forgets the data key in memory (the wrapped one stays). */
  lock(): void
  /** The first passcode: a new data key, wrapped and stored; the keyring is then unlocked. */
  setPasscode(passcode: string): Promise<CryptoKey>
  /** Re-wraps the same data key under the new passcode, after checking the current one. */
  changePasscode(current: string, next: string): Promise<PasscodeResult>
  /** Checks the current passcode (counted like an unlock), e.g. before it is removed. */
  verify(current: string): Promise<PasscodeResult>
  /** Deletes the wrapped key and the attempt count: after the data is plain again, or wiped. */
  forget(): Promise<void>
  subscribe(listener: (state: KeyringState) => void): () => void
}

export interface KeyringOptions {
  now?: () => number
  /** For new and changed passcodes; what a stored record names is always what it is unlocked with. */
  iterations?: number
}

const DATA_KEY = { name: 'AES-GCM', length: 256 } as const

export function createKeyring(db: RondblikDb, { now = Date.now, iterations = PBKDF2_MIN_ITERATIONS }: KeyringOptions = {}): Keyring {
  let state: KeyringState = 'loading'
  let key: CryptoKey | null = null
  const listeners = new Set<(state: KeyringState) => void>()

  function become(next: KeyringState, nextKey: CryptoKey | null): void {
    key = nextKey
    if (next === state) return
    state = next
    for (const listener of listeners) listener(next)
  }

  // Explicit transactions resolve after the commit, not just after the request.
  const readRecord = async (): Promise<KeyringRecord | undefined> => (await db.meta.get(KEYRING_KEY))?.value as KeyringRecord | undefined
  const readAttempts = async (): Promise<Attempts> => ((await db.meta.get(ATTEMPTS_KEY))?.value as Attempts | undefined) ?? NO_ATTEMPTS
  const writeAttempts = (attempts: Attempts): Promise<unknown> =>
    db.transaction('rw', db.meta, () => db.meta.put({ key: ATTEMPTS_KEY, value: attempts }))

  async function wrapUnder(passcode: string, dataKey: CryptoKey): Promise<KeyringRecord> {
    const kdf = { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(crypto.getRandomValues(new Uint8Array(16))) } as const
    const { key: kek, check } = await derivePasswordKey(passcode, kdf, 'AES-KW', ['wrapKey'])
    const wrapped = new Uint8Array(await crypto.subtle.wrapKey('raw', dataKey, kek, 'AES-KW'))
    return { version: KEYRING_VERSION, kdf, wrap: 'AES-KW', wrapped: toBase64(wrapped), check }
  }

  /**
   * The data key under this passcode, or why not. A try is counted as wrong before the slow
   * derivation starts and cleared once it proved right, so reloading mid-try does not dodge the limit.
   */
  async function open(passcode: string, extractable: boolean): Promise<{ ok: true; key: CryptoKey } | PasscodeRefusal> {
    const record = await readRecord()
    if (!record) return { ok: false, code: 'noPasscode' }
    const attempts = await readAttempts()
    const wait = waitRemaining(attempts, now())
    if (wait > 0) return { ok: false, code: 'wait', waitMs: wait }
    const failed = recordFailure(attempts, now())
    await writeAttempts(failed)
    const { key: kek, check } = await derivePasswordKey(passcode, record.kdf, 'AES-KW', ['unwrapKey'])
    if (check !== record.check) return { ok: false, code: 'wrongPasscode', waitMs: waitRemaining(failed, now()) }
    await writeAttempts(NO_ATTEMPTS)
    try {
      const dataKey = await crypto.subtle.unwrapKey('raw', fromBase64(record.wrapped), kek, 'AES-KW', DATA_KEY, extractable, ['encrypt', 'decrypt'])
      return { ok: true, key: dataKey }
    } catch {
      return { ok: false, code: 'damaged' }
    }
  }

  return {
    async load() {
      const record = await readRecord()
      if (!record) become('none', null)
      else if (state === 'loading' || state === 'none') become('locked', null)
      return state
    },
    state: () => state,
    dataKey: () => key,
    async waitMs() {
      return waitRemaining(await readAttempts(), now())
    },
    async unlock(passcode) {
      const opened = await open(passcode, false)
      if (!opened.ok) return opened
      become('unlocked', opened.key)
      return { ok: true }
    },
    lock() {
      if (state === 'unlocked') become('locked', null)
    },
    async setPasscode(passcode) {
      if (await readRecord()) throw new Error('A passcode is already set: change it instead')
      const fresh = await crypto.subtle.generateKey(DATA_KEY, true, ['encrypt', 'decrypt'])
      const record = await wrapUnder(passcode, fresh)
      await db.transaction('rw', db.meta, () => db.meta.bulkPut([{ key: KEYRING_KEY, value: record }, { key: ATTEMPTS_KEY, value: NO_ATTEMPTS }]))
      // Keep only a non-extractable copy: the raw key never stays reachable from script.
      const raw = await crypto.subtle.exportKey('raw', fresh)
      const held = await crypto.subtle.importKey('raw', raw, DATA_KEY, false, ['encrypt', 'decrypt'])
      become('unlocked', held)
      return held
    },
    async changePasscode(current, next) {
      const opened = await open(current, true)
      if (!opened.ok) return opened
      const record = await wrapUnder(next, opened.key)
      await db.transaction('rw', db.meta, () => db.meta.put({ key: KEYRING_KEY, value: record }))
      return { ok: true }
    },
    async verify(current) {
      const opened = await open(current, false)
      return opened.ok ? { ok: true } : opened
    },
    async forget() {
      await db.transaction('rw', db.meta, () => db.meta.bulkDelete([KEYRING_KEY, ATTEMPTS_KEY]))
      become('none', null)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
