/** Arithmetic of the 360° player: where a jump lands and which speeds the coach can pick. */

export const PLAYBACK_RATES = [0.5, 1, 1.5, 2] as const
export type PlaybackRate = (typeof PLAYBACK_RATES)[number]

export const JUMP_SEC = 5

/**
 * Where a jump of `deltaSec` from `offsetSec` lands on a recording: never before its start, and
 * not past the last stretch the tablet holds (nothing to show there). Without any stretch, past 0 only.
 */
export function jumpTarget(offsetSec: number, deltaSec: number, held: readonly (readonly [number, number])[]): number {
  const end = held.length ? Math.max(...held.map(([, e]) => e)) : Infinity
  return Math.min(Math.max(0, offsetSec + deltaSec), end)
}
