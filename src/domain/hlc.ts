/**
 * Hybrid logical clock: the order of changes for per-field last-writer-wins (ARCHITECTURE.md §8).
 * A stamp is plain text that sorts as it orders — `wall:counter:node` with fixed-width numbers —
 * so the tablet, the server and SQL can all compare stamps as strings.
 */

export interface HlcParts {
  /** Wall clock in ms since the epoch (the writer's clock, never behind the last stamp it saw). */
  wall: number
  /** Orders stamps within one ms. */
  counter: number
  /** Who stamped it: a device id, or 'server'. */
  node: string
}

const WALL_DIGITS = 13 // ms since the epoch fit in 13 digits until the year 2286
const COUNTER_DIGITS = 5
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1
const PATTERN = /^(\d{13}):(\d{5}):(.+)$/

export function formatHlc({ wall, counter, node }: HlcParts): string {
  return `${String(wall).padStart(WALL_DIGITS, '0')}:${String(counter).padStart(COUNTER_DIGITS, '0')}:${node}`
}

export function parseHlc(stamp: string): HlcParts | undefined {
  const match = PATTERN.exec(stamp)
  if (!match) return undefined
  return { wall: Number(match[1]), counter: Number(match[2]), node: match[3]! }
}

export function isHlc(stamp: unknown): stamp is string {
  return typeof stamp === 'string' && parseHlc(stamp) !== undefined
}

/** The later of two stamps (undefined counts as earliest). */
export function laterHlc(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return a >= b ? a : b
}

function next(last: HlcParts | undefined, wall: number, node: string): HlcParts {
  if (!last || wall > last.wall) return { wall, counter: 0, node }
  // The clock stood still or went back: count on from the last stamp, and past a full counter move
  // the wall on by a ms rather than repeat a stamp.
  return last.counter < MAX_COUNTER ? { wall: last.wall, counter: last.counter + 1, node } : { wall: last.wall + 1, counter: 0, node }
}

export interface HlcClock {
  /** A new stamp, later than every stamp this clock made or received. */
  tick(): string
  /** Takes in a stamp seen from elsewhere, so the next tick comes after it. */
  receive(stamp: string): void
  /** The latest stamp made or received, if any. */
  readonly last: string | undefined
}

export function createHlcClock(node: string, options: { now?: () => number; last?: string } = {}): HlcClock {
  const now = options.now ?? Date.now
  let last = options.last === undefined ? undefined : parseHlc(options.last)
  return {
    tick() {
      last = next(last, now(), node)
      return formatHlc(last)
    },
    receive(stamp) {
      const seen = parseHlc(stamp)
      if (seen && (!last || formatHlc(seen) > formatHlc(last))) last = { ...seen, node }
    },
    get last() {
      return last && formatHlc(last)
    },
  }
}

/**
 * What the server makes of a stamp from a tablet: one that runs more than `toleranceMs` ahead of
 * the server's clock would win every conflict afterwards, so it is replaced by the server's own
 * stamp (`clamped: true`, and the coach is told the tablet clock is wrong).
 */
export function clampHlc(stamp: string, server: HlcClock, serverNow: number, toleranceMs: number): { stamp: string; clamped: boolean } {
  const parts = parseHlc(stamp)
  if (!parts || parts.wall > serverNow + toleranceMs) return { stamp: server.tick(), clamped: true }
  server.receive(stamp)
  return { stamp, clamped: false }
}
