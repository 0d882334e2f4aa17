import { describe, expect, it } from 'vitest'
import { clampHlc, createHlcClock, formatHlc, isHlc, laterHlc, parseHlc } from './hlc'

describe('hybrid logical clock', () => {
  it('formats stamps that sort as they order', () => {
    const stamps = [
      formatHlc({ wall: 999, counter: 3, node: 'b' }),
      formatHlc({ wall: 1000, counter: 0, node: 'a' }),
      formatHlc({ wall: 1000, counter: 1, node: 'a' }),
      formatHlc({ wall: 1_764_000_000_000, counter: 0, node: 'a' }),
    ]
    expect([...stamps].sort()).toEqual(stamps)
    expect(parseHlc(stamps[3]!)).toEqual({ wall: 1_764_000_000_000, counter: 0, node: 'a' })
  })

  it('refuses what is not a stamp', () => {
    expect(isHlc('1764000000000:00000:dev')).toBe(true)
    for (const bad of ['', '12:0:x', '1764000000000:00000:', 17, null]) expect(isHlc(bad)).toBe(false)
  })

  it('ticks strictly later, also when the wall clock stands still or goes back', () => {
    let wall = 5000
    const clock = createHlcClock('dev', { now: () => wall })
    const a = clock.tick()
    const b = clock.tick()
    wall = 4000
    const c = clock.tick()
    wall = 6000
    const d = clock.tick()
    expect(a < b && b < c && c < d).toBe(true)
    expect(parseHlc(c)).toEqual({ wall: 5000, counter: 2, node: 'dev' })
    expect(parseHlc(d)).toEqual({ wall: 6000, counter: 0, node: 'dev' })
  })

  it('moves on by a ms when the counter is full rather than repeat a stamp', () => {
    const clock = createHlcClock('dev', { now: () => 5000, last: formatHlc({ wall: 5000, counter: 99_999, node: 'dev' }) })
    expect(parseHlc(clock.tick())).toEqual({ wall: 5001, counter: 0, node: 'dev' })
  })

  it('comes after a received stamp, and goes on from a stored last stamp', () => {
    const clock = createHlcClock('dev', { now: () => 1000 })
    clock.receive(formatHlc({ wall: 9000, counter: 4, node: 'other' }))
    expect(parseHlc(clock.tick())).toEqual({ wall: 9000, counter: 5, node: 'dev' })
    const reopened = createHlcClock('dev', { now: () => 1000, last: clock.last })
    expect(reopened.tick() > clock.last!).toBe(true)
  })

  it('picks the later stamp', () => {
    const a = formatHlc({ wall: 1, counter: 0, node: 'a' })
    const b = formatHlc({ wall: 2, counter: 0, node: 'a' })
    expect(laterHlc(a, b)).toBe(b)
    expect(laterHlc(undefined, a)).toBe(a)
    expect(laterHlc(b, undefined)).toBe(b)
  })

  it('lets the server clamp a stamp from a tablet whose clock runs a year ahead', () => {
    const serverNow = 1_764_000_000_000
    const server = createHlcClock('server', { now: () => serverNow })
    const ahead = formatHlc({ wall: serverNow + 365 * 86_400_000, counter: 0, node: 'tablet' })
    const clamped = clampHlc(ahead, server, serverNow, 60_000)
    expect(clamped.clamped).toBe(true)
    expect(parseHlc(clamped.stamp)!.wall).toBe(serverNow)

    const fine = formatHlc({ wall: serverNow + 30_000, counter: 0, node: 'tablet' })
    expect(clampHlc(fine, server, serverNow, 60_000)).toEqual({ stamp: fine, clamped: false })
    // What the server stamps next comes after what it accepted.
    expect(server.tick() > fine).toBe(true)
    expect(clampHlc('garbage', server, serverNow, 60_000).clamped).toBe(true)
  })
})
