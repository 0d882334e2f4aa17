/**
 * When the app locks itself (issue 11): after the chosen idle time and when it goes to the
 * background, but never during a recording — the coach must keep tagging with the tablet in one
 * hand. A lock that falls due while recording waits until the recording has stopped; if the coach
 * used the tablet in the meantime, the coach is there, so the idle time counts again from that use.
 */

export interface LockTimerDeps {
  idleMs: () => number
  /** A recording runs. */
  busy: () => boolean
  lock: () => void
  now?: () => number
  setTimer?: (run: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

export interface LockTimer {
  /** Starts watching (after an unlock, or at start with no lock due). */
  start(): void
  /** Stops watching (locked, or no passcode). */
  stop(): void
  /** A tap, a key, a scroll. */
  activity(): void
  /** The app went to the background, or the coach asked: lock now (or once the recording stopped). */
  lockNow(): void
  /** The recording state changed. */
  busyChanged(): void
}

export function createLockTimer({
  idleMs, busy, lock,
  now = Date.now,
  setTimer = (run, ms) => setTimeout(run, ms),
  clearTimer = (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}: LockTimerDeps): LockTimer {
  let running = false
  let lastActivity = 0
  let due = false
  let handle: unknown

  function cancel(): void {
    if (handle !== undefined) clearTimer(handle)
    handle = undefined
  }

  function fall(): void {
    if (!running) return
    if (busy()) {
      due = true
      return
    }
    running = false
    due = false
    cancel()
    lock()
  }

  function schedule(): void {
    cancel()
    if (!running) return
    const left = lastActivity + idleMs() - now()
    handle = setTimer(() => {
      handle = undefined
      // A timer may fire late or early (a tablet asleep): check the clock, not the timer.
      if (now() - lastActivity >= idleMs()) fall()
      else schedule()
    }, Math.max(0, left))
  }

  return {
    start() {
      running = true
      due = false
      lastActivity = now()
      schedule()
    },
    stop() {
      running = false
      due = false
      cancel()
    },
    activity() {
      if (!running) return
      lastActivity = now()
      due = false
      schedule()
    },
    lockNow() {
      fall()
    },
    busyChanged() {
      if (running && due && !busy()) fall()
    },
  }
}
