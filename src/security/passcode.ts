/**
 * The app lock's passcode rules and attempt limit (issue 11), pure.
 *
 * A passcode is either a PIN of at least 6 digits or a passphrase of at least 8 characters (any
 * characters; a passphrase of digits only is a PIN). After 5 wrong tries the next one waits 30 s,
 * and every further wrong try doubles the wait (to at most 30 min): slow enough that guessing a
 * 6-digit PIN takes years, short enough that a coach who mistyped a few times is not locked out
 * for the lesson.
 */

export const PIN_MIN_DIGITS = 6
export const PASSPHRASE_MIN = 8
/** Longer is not a passcode but a pasted document (and would keep PBKDF2 busy for nothing). */
export const PASSCODE_MAX = 256
export const FREE_ATTEMPTS = 5
export const FIRST_WAIT_MS = 30_000
export const MAX_WAIT_MS = 30 * 60_000

export type PasscodeKind = 'pin' | 'passphrase'

export type PasscodeProblem =
  | { error: 'tooShortPin'; min: number }
  | { error: 'tooShortPassphrase'; min: number }
  | { error: 'tooLong'; max: number }
  | { error: 'different' }

export type PasscodeCheck = { ok: true; kind: PasscodeKind } | ({ ok: false } & PasscodeProblem)

export function passcodeKind(passcode: string): PasscodeKind {
  return /^[0-9]+$/u.test(passcode) ? 'pin' : 'passphrase'
}

/** Whether a new passcode, typed twice, may be set. */
export function checkNewPasscode(passcode: string, repeated: string): PasscodeCheck {
  const kind = passcodeKind(passcode)
  const length = [...passcode].length
  if (length > PASSCODE_MAX) return { ok: false, error: 'tooLong', max: PASSCODE_MAX }
  if (kind === 'pin' && length < PIN_MIN_DIGITS) return { ok: false, error: 'tooShortPin', min: PIN_MIN_DIGITS }
  if (kind === 'passphrase' && length < PASSPHRASE_MIN) return { ok: false, error: 'tooShortPassphrase', min: PASSPHRASE_MIN }
  if (passcode !== repeated) return { ok: false, error: 'different' }
  return { ok: true, kind }
}

/** Wrong tries since the last right one, and when the last wrong one was (device-local, in `meta`). */
export interface Attempts {
  failures: number
  lastFailureAt: number
}

export const NO_ATTEMPTS: Readonly<Attempts> = { failures: 0, lastFailureAt: 0 }

/** How long the next try must wait after this many wrong ones. */
export function waitAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0
  return Math.min(FIRST_WAIT_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_MS)
}

/**
 * Milliseconds until the next try is allowed (0: now). A clock set back does not stretch the wait
 * beyond what the failures earned; a clock set forward only shortens one wait, not the doubling.
 */
export function waitRemaining(attempts: Attempts, now: number): number {
  const wait = waitAfter(attempts.failures)
  return Math.max(0, Math.min(wait, attempts.lastFailureAt + wait - now))
}

export function recordFailure(attempts: Attempts, now: number): Attempts {
  return { failures: attempts.failures + 1, lastFailureAt: now }
}
