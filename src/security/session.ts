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
  setPasscode(passcode: string): Promise<PasscodeResult>
  changePasscode(current: string, next: string): Promise<PasscodeResult>
  removePasscode(current: string): Promise<PasscodeResult>
  /** A forgotten passcode: the unreadable records, video, account and the lock go (sign in again). */
  wipe(removeAllFiles: () => Promise<void>): Promise<void>
  subscribe(listener: (state: KeyringState) => void): () => void
}

export function createLockSession(db: RondblikDb, options: KeyringOptions = {}, keyring: Keyring = createKeyring(db, options)): LockSession {
  // The records' encryption follows every change of the keyring at once, before any screen that
  // the change shows (or hides) can read a record.
  keyring.subscribe((state) => setDataKey(state === 'unlocked' ? keyring.dataKey() : state === 'locked' ? 'locked' : null))

  async function afterUnlock(): Promise<void> {
    const state = await resumeAtRest(db)
    // A removal cut off after its decryption: only the wrapped key was left to delete.
    if (state?.target === 'plain' && state.done) await keyring.forget()
  }

  return {
    load: () => keyring.load(),
    state: () => keyring.state(),
    waitMs: () => keyring.waitMs(),
    async unlock(passcode) {
      const result = await keyring.unlock(passcode)
      if (result.ok) await afterUnlock()
      return result
    },
    lock: () => keyring.lock(),
    async setPasscode(passcode) {
      await keyring.setPasscode(passcode)
      await migrateAtRest(db, 'encrypted')
      return { ok: true }
    },
    changePasscode: (current, next) => keyring.changePasscode(current, next),
    async removePasscode(current) {
      const result = await keyring.verify(current)
      if (!result.ok) return result
      await migrateAtRest(db, 'plain')
      await keyring.forget()
      return result
    },
    async wipe(removeAllFiles) {
      await wipeDevice(db, removeAllFiles)
      await db.transaction('rw', db.meta, () => db.meta.delete(AT_REST_KEY))
      await keyring.forget()
    },
    subscribe: (listener) => keyring.subscribe(listener),
  }
}
