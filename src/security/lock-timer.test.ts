import { describe, expect, it } from 'vitest'
import { createLockTimer } from './lock-timer'

/** A hand-driven clock and timer list. */
function setup(idle = 5000) {
  let t = 0
  let timers: { at: number; run: () => void; id: number }[] = []
  let nextId = 0
  let recording = false
  let locks = 0
  const timer = createLockTimer({
    idleMs: () => idle,
    busy: () => recording,
    lock: () => (locks += 1),
    now: () => t,
    setTimer: (run, ms) => {
      nextId += 1
      timers.push({ at: t + ms, run, id: nextId })
      return nextId
    },
    clearTimer: (id) => (timers = timers.filter((x) => x.id !== id)),
  })
  const advance = (ms: number) => {
    const until = t + ms
    for (;;) {
      const next = timers.filter((x) => x.at <= until).sort((a, b) => a.at - b.at)[0]
      if (!next) break
      timers = timers.filter((x) => x !== next)
      t = next.at
      next.run()
    }
    t = until
  }
  return {
    timer, advance,
    locks: () => locks,
    record: (on: boolean) => { recording = on; timer.busyChanged() },
  }
}

describe('lock timer', () => {
  it('locks after the idle time; each tap starts it again', () => {
    const s = setup()
    s.timer.start()
    s.advance(4000)
    s.timer.activity()
    s.advance(4000)
    expect(s.locks()).toBe(0)
    s.advance(1000)
    expect(s.locks()).toBe(1)
    // Locked: nothing more until started again.
    s.advance(60_000)
    s.timer.lockNow()
    expect(s.locks()).toBe(1)
  })

  it('locks at once when the app goes to the background', () => {
    const s = setup()
    s.timer.start()
    s.timer.lockNow()
    expect(s.locks()).toBe(1)
  })

  it('never locks during a recording: a lock due waits until it has stopped', () => {
    const s = setup()
    s.timer.start()
    s.record(true)
    s.timer.lockNow()
    s.advance(60_000)
    expect(s.locks()).toBe(0)
    s.record(false)
    expect(s.locks()).toBe(1)
  })

  it('a coach using the tablet during the recording is there: the idle time counts again from that use', () => {
    const s = setup()
    s.timer.start()
    s.record(true)
    s.advance(10_000)
    s.timer.activity()
    s.advance(1000)
    s.record(false)
    expect(s.locks()).toBe(0)
    s.advance(3999)
    expect(s.locks()).toBe(0)
    s.advance(1)
    expect(s.locks()).toBe(1)
  })

  it('does nothing while stopped (no passcode)', () => {
    const s = setup()
    s.timer.start()
    s.timer.stop()
    s.advance(60_000)
    s.timer.lockNow()
    expect(s.locks()).toBe(0)
  })
})
