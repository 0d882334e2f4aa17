/**
 * tus' lock on an upload, shared by every server instance through the database, so an upload whose
 * requests reach different instances behind a load balancer is never written by two at once.
 * tus' own MemoryLocker does this within one process only.
 *
 * A lock is a row with a lease the holder renews; a request that wants a held lock marks the row, and
 * the holder, seeing the mark on its next renewal, asks its request to let go (tus' cancelReq: the
 * stalled PATCH ends, keeping the bytes it wrote). A holder that died stops renewing and its lease runs out.
 */
import { randomUUID } from 'node:crypto'
import type { Lock, Locker } from '@tus/server'
import { ERRORS } from '@tus/server'
import type { Kysely, Migration } from 'kysely'

export interface VideoLocksTable {
  upload_id: string
  holder: string
  expires_at: number | string
  release_requested: number
}
export interface VideoLockTables {
  video_locks: VideoLocksTable
}

export const videoLocksMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('video_locks')
      .ifNotExists()
      .addColumn('upload_id', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('release_requested', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('video_locks').ifExists().execute()
  },
}

export interface DatabaseLockerOptions {
  /** How long a lock lives without renewal (a holder that died frees it after this). */
  leaseMs?: number
  /** How often a holder renews and a waiter tries again. */
  pollMs?: number
  /** How long a request waits for a lock before tus answers it with a lock timeout. */
  acquireTimeoutMs?: number
  now?: () => number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function databaseLocker(db: Kysely<VideoLockTables>, options: DatabaseLockerOptions = {}): Locker {
  const { leaseMs = 15_000, pollMs = 200, acquireTimeoutMs = 30_000, now = Date.now } = options

  return {
    newLock(id: string): Lock {
      const holder = randomUUID()
      let renewal: ReturnType<typeof setInterval> | undefined

      async function tryTake(): Promise<boolean> {
        await db.deleteFrom('video_locks').where('upload_id', '=', id).where('expires_at', '<', now()).execute()
        const taken = await db
          .insertInto('video_locks')
          .values({ upload_id: id, holder, expires_at: now() + leaseMs, release_requested: 0 })
          .onConflict((oc) => oc.column('upload_id').doNothing())
          .executeTakeFirst()
        return Number(taken.numInsertedOrUpdatedRows ?? 0) === 1
      }

      return {
        async lock(signal: AbortSignal, cancelReq: () => void | Promise<void>): Promise<void> {
          const giveUpAt = now() + acquireTimeoutMs
          while (!(await tryTake())) {
            if (signal.aborted) throw ERRORS.ABORTED
            if (now() > giveUpAt) throw ERRORS.ERR_LOCK_TIMEOUT
            await db.updateTable('video_locks').set({ release_requested: 1 }).where('upload_id', '=', id).execute()
            await sleep(pollMs)
          }
          let asked = false
          renewal = setInterval(() => {
            void (async () => {
              await db.updateTable('video_locks').set({ expires_at: now() + leaseMs }).where('upload_id', '=', id).where('holder', '=', holder).execute()
              const row = await db.selectFrom('video_locks').select('release_requested').where('upload_id', '=', id).where('holder', '=', holder).executeTakeFirst()
              if (row?.release_requested && !asked) {
                asked = true
                await cancelReq()
              }
            // A renewal that fails is tried again on the next tick; a lease that runs out meanwhile lets
            // another request take over, as after a crash.
            })().catch(() => undefined)
          }, pollMs)
        },
        async unlock(): Promise<void> {
          clearInterval(renewal)
          await db.deleteFrom('video_locks').where('upload_id', '=', id).where('holder', '=', holder).execute()
        },
      }
    },
  }
}
