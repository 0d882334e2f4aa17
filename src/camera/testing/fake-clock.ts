// Virtual time for tests: sleeps wake only when the test advances the clock.
import type { Clock } from '../clock'
import { CameraError } from '../errors'

interface Timer {
  at: number
  seq: number
  wake: () => void
}

export interface FakeClock extends Clock {
  /** Runs every timer due within `ms`, letting promises settle between them. */
  advance(ms: number): Promise<void>
}

/** Lets pending promise chains (fetch bodies, awaits) run to their next sleep. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

export function createFakeClock(start = Date.UTC(2026, 2, 12, 8, 0, 0)): FakeClock {
  let now = start
  let seq = 0
  const timers: Timer[] = []
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new CameraError('aborted'))
        const timer: Timer = { at: now + Math.max(0, ms), seq: seq++, wake: resolve }
        timers.push(timer)
        signal?.addEventListener(
          'abort',
          () => {
            timers.splice(timers.indexOf(timer), 1)
            reject(new CameraError('aborted'))
          },
          { once: true },
        )
      })
    },
    async advance(ms) {
      const target = now + ms
      for (;;) {
        await settle()
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
        const next = timers[0]
        if (!next || next.at > target) break
        timers.shift()
        now = next.at
        next.wake()
      }
      now = target
      await settle()
    },
  }
}
