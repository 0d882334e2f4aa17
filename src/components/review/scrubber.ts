/** Geometry of the review's time line: where things sit along it, as a share of the recording. */

export interface TimelineStretch {
  startSec: number
  endSec: number
  /** True where the tablet holds the video, false where it was not imported. */
  held: boolean
}

/** A moment as a percentage along a time line of `durationSec`, clamped to it. */
export function percentAt(sec: number, durationSec: number): number {
  if (!(durationSec > 0)) return 0
  return Math.min(100, Math.max(0, (sec / durationSec) * 100))
}

/** The moment under a pointer at `x` on a track from `left` spanning `width` pixels. */
export function secondsAt(x: number, left: number, width: number, durationSec: number): number {
  if (!(width > 0)) return 0
  return Math.min(1, Math.max(0, (x - left) / width)) * durationSec
}

/** The whole recording cut into held and not-held stretches, in order (held ranges as from coveredRanges). */
export function timelineStretches(held: readonly (readonly [number, number])[], durationSec: number): TimelineStretch[] {
  const stretches: TimelineStretch[] = []
  let at = 0
  for (const [start, end] of held) {
    const from = Math.max(start, at)
    const to = Math.min(end, durationSec)
    if (to <= from) continue
    if (from > at) stretches.push({ startSec: at, endSec: from, held: false })
    stretches.push({ startSec: from, endSec: to, held: true })
    at = to
  }
  if (at < durationSec) stretches.push({ startSec: at, endSec: durationSec, held: false })
  return stretches
}

/**
 * How long the time line is: the recording's length, or, while only the tablet clock measured it,
 * the end of a held file close to that span (the file is the truth; the span is known only within
 * the start's round trip, so it may overrun the file by a fraction of a second).
 */
export function timelineLength(recordingSec: number | null, held: readonly (readonly [number, number])[], toleranceSec = 1): number {
  const heldEnd = held.at(-1)?.[1] ?? 0
  if (recordingSec === null) return heldEnd
  return Math.abs(recordingSec - heldEnd) <= toleranceSec ? heldEnd : Math.max(recordingSec, heldEnd)
}
