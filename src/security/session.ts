/**
 * The app lock as one sequence of steps (issue 11): the keyring's data key handed to the records'
 * encryption at rest (db/encryption.ts) in the order that loses nothing when the tab dies between
 * two of them. Setting a passcode stores the wrapped key before anything is encrypted; removing it
 * decrypts everything before the wrapped key goes; an interrupted conversion is finished after the
 * next unlock.
 */
import type { RondblikDb } from '../db/database'
import { AT_REST_KEY, migrateAtRest, resumeAtRest, setDataKey } from '../db/encryption'
import { wipeDevice } from '../sync/wipe'
import { createKeyring, type Keyring, type KeyringOptions, type KeyringState, type PasscodeResult } from './keyring'

export interface LockSession {
  load(): Promise<KeyringState>
  state(): KeyringState
  waitMs(): Promise<number>
  unlock(passcode: string): Promise<PasscodeResult>
  lock(): void
  setPasscode(passcode: string): Promise<void>
  changePasscode(current: string, next: string): Promise<PasscodeResult>
  removePasscode(current: string): Promise<PasscodeResult>
  /** A forgotten passcode: the unreadable records, video, account and the lock go (sign in again). */
  wipe(removeAllFiles: () => Promise<void>): Promise<void>
  subscribe(listener: (state: KeyringState) => void): () => void
}

export function createLockSession(db: RondblikDb, options: KeyringOptions = {}, keyring: Keyring = createKeyring(db, options)): LockSession {
  async function afterUnlock(): Promise<void> {
    setDataKey(keyring.dataKey())
    const state = await resumeAtRest(db)
    // A removal cut off after its decryption: only the wrapped key was left to delete.
    if (state?.target === 'plain' && state.done) await forget()
  }

  async function forget(): Promise<void> {
    await keyring.forget()
    setDataKey(null)
  }

  return {
    async load() {
      const state = await keyring.load()
      setDataKey(state === 'locked' ? 'locked' : null)
      return state
    },
    state: () => keyring.state(),
    waitMs: () => keyring.waitMs(),
    async unlock(passcode) {
      const result = await keyring.unlock(passcode)
      if (result.ok) await afterUnlock()
      return result
    },
    lock() {
      keyring.lock()
      if (keyring.state() === 'locked') setDataKey('locked')
    },
    async setPasscode(passcode) {
      setDataKey(await keyring.setPasscode(passcode))
      await migrateAtRest(db, 'encrypted')
    },
    changePasscode: (current, next) => keyring.changePasscode(current, next),
    async removePasscode(current) {
      const result = await keyring.verify(current)
      if (!result.ok) return result
      await migrateAtRest(db, 'plain')
      await forget()
      return result
    },
    async wipe(removeAllFiles) {
      await wipeDevice(db, removeAllFiles)
      await db.transaction('rw', db.meta, () => db.meta.delete(AT_REST_KEY))
      await forget()
    },
    subscribe: (listener) => keyring.subscribe(listener),
  }
}
