/**
 * One sync run: push the outbox in bounded batches until it is empty, then pull every page since the
 * saved cursor. Talks to the server only through a SyncTransport (HTTP in the app, a fake in tests).
 */
import type { RondblikDb } from '../db/database'
import { applyPulled, enqueueAll, savedCursor, settlePush, takeBatch } from './local'
import { CLOCK_TOLERANCE_MS, PULL_MAX_LIMIT, type ErrorCode, type PullResponse, type PushRequest, type PushResponse } from './protocol'

/** Why a run stopped: a server error code, the server out of reach, or no signed-in account. */
export type SyncErrorCode = ErrorCode | 'unreachable' | 'signedOut'

export class SyncError extends Error {
  constructor(readonly code: SyncErrorCode) {
    super(code)
    this.name = 'SyncError'
  }
}

export interface SyncTransport {
  push(request: PushRequest): Promise<PushResponse>
  pull(since: number, limit: number): Promise<PullResponse>
}

export type SyncOutcome =
  | { ok: true; pushed: number; pulled: number; clockWrong: boolean }
  | { ok: false; code: SyncErrorCode }

/** What the coach sees of the last runs; device-local in `meta`. */
export interface SyncStatus {
  lastSyncedAt: number | null
  lastError: SyncErrorCode | null
  /** The server clamped a stamp or its clock is far from the tablet's: the tablet clock is wrong. */
  clockWrong: boolean
}
export const STATUS_KEY = 'sync.status'
export const EMPTY_STATUS: SyncStatus = { lastSyncedAt: null, lastError: null, clockWrong: false }

export async function readStatus(db: RondblikDb): Promise<SyncStatus> {
  return ((await db.meta.get(STATUS_KEY))?.value as SyncStatus | undefined) ?? EMPTY_STATUS
}

export interface SyncEngineOptions {
  db: RondblikDb
  transport: SyncTransport
  now?: () => number
  pullLimit?: number
  /**
   * Awaited between push batches, pull pages and applied chunks: a run under way holds there while
   * it must not compete (a recording started during it), and goes on after.
   */
  pause?: () => Promise<void>
}

export function createSyncEngine({ db, transport, now = Date.now, pullLimit = PULL_MAX_LIMIT, pause = async () => {} }: SyncEngineOptions) {
  async function pushAll(): Promise<{ pushed: number; clockWrong: boolean }> {
    let pushed = 0
    let clockWrong = false
    // One push at a time, the next only after the answer: the server's ack is a high-water mark.
    for (let batch = await takeBatch(db, now); batch.length > 0; batch = await takeBatch(db, now)) {
      const answer = await transport.push({ changes: batch })
      await settlePush(db, batch, answer, now)
      pushed += batch.length
      await pause()
      if (answer.clock.clamped || Math.abs(answer.clock.serverTime - now()) > CLOCK_TOLERANCE_MS) clockWrong = true
    }
    return { pushed, clockWrong }
  }

  /** Pulls every page; true when the server answered reset (restored from a backup). */
  async function pullAll(): Promise<{ pulled: number; reset: boolean }> {
    let since = await savedCursor(db)
    let pulled = 0
    let reset = false
    for (;;) {
      const page = await transport.pull(since, pullLimit)
      if (page.reset) reset = true
      await applyPulled(db, page.rows, page.next, pause)
      pulled += page.rows.length
      since = page.next
      if (!page.more) return { pulled, reset }
      await pause()
    }
  }

  async function run(): Promise<SyncOutcome> {
    const first = await pushAll()
    const { pulled, reset } = await pullAll()
    let clockWrong = first.clockWrong
    let pushed = first.pushed
    if (reset) {
      // The server lost what it acked after its backup, and those outbox rows are gone: send everything again.
      await enqueueAll(db)
      const again = await pushAll()
      pushed += again.pushed
      clockWrong ||= again.clockWrong
    }
    return { ok: true, pushed, pulled, clockWrong }
  }

  return {
    /** One full run; the outcome is also kept as the status the coach sees. */
    async sync(): Promise<SyncOutcome> {
      let outcome: SyncOutcome
      try {
        outcome = await run()
      } catch (error) {
        if (!(error instanceof SyncError)) throw error
        outcome = { ok: false, code: error.code }
      }
      const before = await readStatus(db)
      const status: SyncStatus = outcome.ok
        ? { lastSyncedAt: now(), lastError: null, clockWrong: outcome.clockWrong }
        : { ...before, lastError: outcome.code }
      await db.meta.put({ key: STATUS_KEY, value: status })
      return outcome
    },
  }
}

export type SyncEngine = ReturnType<typeof createSyncEngine>
