import { deleteAllData } from '../db/backup'
import type { RondblikDb } from '../db/database'
import { ACCOUNT_KEY } from './account'
import { STATUS_KEY } from './engine'

export const REVOKED_KEY = 'sync.revokedAt'

/**
 * Every record, its bookkeeping, every video and the account go; device settings (language, camera
 * address) stay. The coach signs in again to get the synced records back.
 */
export async function wipeDevice(db: RondblikDb, removeAllFiles: () => Promise<void>): Promise<void> {
  await deleteAllData(db)
  await db.transaction('rw', db.table('uploads'), db.meta, async () => {
    await db.table('uploads').clear()
    await db.meta.bulkDelete([ACCOUNT_KEY, STATUS_KEY])
  })
  await removeAllFiles()
}

/**
 * A device the school revoked (a lost tablet) is wiped; what remains says when, so the coach is told
 * why the tablet is empty.
 */
export async function wipeRevokedDevice(db: RondblikDb, removeAllFiles: () => Promise<void>, now: () => number = Date.now): Promise<void> {
  await db.transaction('rw', db.meta, () => db.meta.put({ key: REVOKED_KEY, value: now() }))
  await wipeDevice(db, removeAllFiles)
}
