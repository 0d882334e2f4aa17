import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SyncOutcome } from './engine'
import { createSyncScheduler } from './scheduler'

const ok: SyncOutcome = { ok: true, pushed: 0, pulled: 0, clockWrong: false }
const down: SyncOutcome = { ok: false, code: 'unreachable' }

beforeEach(() => void vi.useFakeTimers())
afterEach(() => void vi.useRealTimers())

function setup(outcomes: SyncOutcome[] = [], busy = () => false) {
  const runs: number[] = []
  let release: (() => void) | undefined
  const options = { hold: false }
  const scheduler = createSyncScheduler({
    busy,
    debounceMs: 1_000,
    intervalMs: 60_000,
    maxBackoffMs: 300_000,
    busyRetryMs: 5_000,
    run: async () => {
      runs.push(Date.now())
      if (options.hold) await new Promise<void>((resolve) => (release = resolve))
      return outcomes.shift() ?? ok
    },
  })
  return { scheduler, runs, options, release: () => release?.() }
}

describe('sync scheduler', () => {
  it('runs on start, then on its timer', async () => {
    const { scheduler, runs } = setup()
    scheduler.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(runs).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(runs).toHaveLength(2)
    scheduler.stop()
    await vi.advanceTimersByTimeAsync(600_000)
    expect(runs).toHaveLength(2)
  })

  it('waits for a pause in the writes, then syncs once', async () => {
    const { scheduler, runs } = setup()
    scheduler.start()
    await vi.advanceTimersByTimeAsync(0)
    for (let i = 0; i < 5; i += 1) {
      scheduler.written()
      await vi.advanceTimersByTimeAsync(500)
    }
    expect(runs).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(runs).toHaveLength(2)
  })

  it('backs off while runs fail, and tries at once when the network comes back', async () => {
    const { scheduler, runs } = setup([down, down, down])
    scheduler.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(120_000) // 60 s × 2 after the first failure
    expect(runs).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(200_000) // × 4 = 240 s after the second
    expect(runs).toHaveLength(2)
    scheduler.online()
    await vi.advanceTimersByTimeAsync(0)
    expect(runs).toHaveLength(3)
  })

  it('runs one sync at a time: asking during a run joins it and runs once more after', async () => {
    const { scheduler, runs, options, release } = setup()
    options.hold = true
    scheduler.start()
    await vi.advanceTimersByTimeAsync(0)
    const manual = scheduler.now()
    scheduler.written()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(runs).toHaveLength(1)
    options.hold = false
    release()
    await expect(manual).resolves.toEqual(ok)
    await vi.advanceTimersByTimeAsync(0)
    expect(runs).toHaveLength(2)
  })

  it('never runs while a recording runs; runs once it is over', async () => {
    let recording = true
    const { scheduler, runs } = setup([], () => recording)
    scheduler.start()
    await expect(scheduler.now()).resolves.toBeUndefined()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(runs).toHaveLength(0)
    recording = false
    await vi.advanceTimersByTimeAsync(5_000)
    expect(runs).toHaveLength(1)
  })
})
