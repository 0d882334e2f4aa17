import { deleteAllData } from '../db/backup'
import type { RondblikDb } from '../db/database'
import { ACCOUNT_KEY } from './account'
import { STATUS_KEY } from './engine'
import { CURSOR_KEY } from './local'

export const REVOKED_KEY = 'sync.revokedAt'

/**
 * A device the school revoked (a lost tablet): its synced records, their bookkeeping and every video
 * go, and so does the account; what remains says when, so the coach is told why the tablet is empty.
 * Device settings (language, camera address) stay.
 */
export async function wipeRevokedDevice(db: RondblikDb, removeAllFiles: () => Promise<void>, now: () => number = Date.now): Promise<void> {
  await deleteAllData(db)
  await db.transaction('rw', db.rejections, db.table('uploads'), db.meta, async () => {
    await Promise.all([db.rejections.clear(), db.table('uploads').clear()])
    await db.meta.bulkDelete([ACCOUNT_KEY, CURSOR_KEY, STATUS_KEY])
    await db.meta.put({ key: REVOKED_KEY, value: now() })
  })
  await removeAllFiles()
}
