/**
 * When to sync: on start, when the network comes back, shortly after writes (debounced), on a timer
 * that backs off while runs fail, and when the coach asks. One run at a time, and none while a
 * recording runs (it could slow the visit): the run waits until the recording is over.
 */
import type { SyncOutcome } from './engine'

export interface SchedulerOptions {
  run(): Promise<SyncOutcome>
  /** True while a sync must wait (a recording runs). */
  busy(): boolean
  /** After a write, wait this long for more before syncing. */
  debounceMs?: number
  /** Between runs while all is well. */
  intervalMs?: number
  /** The longest wait after failed runs (the interval doubles per failure up to this). */
  maxBackoffMs?: number
  /** While busy, look again this often. */
  busyRetryMs?: number
}

export function createSyncScheduler(options: SchedulerOptions) {
  const { run, busy, debounceMs = 3_000, intervalMs = 60_000, maxBackoffMs = 15 * 60_000, busyRetryMs = 10_000 } = options
  let timer: ReturnType<typeof setTimeout> | undefined
  let dueAt = Infinity
  let current: Promise<SyncOutcome> | undefined
  let again = false
  let failures = 0
  let started = false

  /** Runs at the latest in `ms` (an earlier planned run stays). */
  function plan(ms: number): void {
    if (!started || Date.now() + ms >= dueAt) return
    clearTimeout(timer)
    dueAt = Date.now() + ms
    timer = setTimeout(() => {
      dueAt = Infinity
      void attempt()
    }, ms)
  }

  function replan(ms: number): void {
    clearTimeout(timer)
    dueAt = Infinity
    plan(ms)
  }

  async function attempt(): Promise<SyncOutcome | undefined> {
    if (current) {
      again = true
      return current
    }
    if (busy()) {
      replan(busyRetryMs)
      return undefined
    }
    current = run()
    try {
      const outcome = await current
      failures = outcome.ok || outcome.code === 'signedOut' ? 0 : failures + 1
      return outcome
    } finally {
      current = undefined
      if (again) {
        again = false
        replan(0)
      } else replan(Math.min(intervalMs * 2 ** failures, maxBackoffMs))
    }
  }

  return {
    start(): void {
      started = true
      replan(0)
    },
    stop(): void {
      started = false
      clearTimeout(timer)
      dueAt = Infinity
    },
    /** A record was written: sync soon, after a pause for more writes. */
    written(): void {
      if (started) replan(debounceMs)
    },
    /** The network is back: try now, whatever the backoff said. */
    online(): void {
      failures = 0
      plan(0)
    },
    /** "Nu synchroniseren": at once (or joins the run under way); undefined while a recording runs. */
    now: (): Promise<SyncOutcome | undefined> => attempt(),
  }
}

export type SyncScheduler = ReturnType<typeof createSyncScheduler>
