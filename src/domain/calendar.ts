/** Calendar dates are ISO `YYYY-MM-DD` strings on the tablet's own calendar, never UTC instants. */

export function isoDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
}

/** Noon of that day locally, so no time zone shift moves it to another day. */
export function dateOf(iso: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!match) return null
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12)
  return date.getMonth() === Number(match[2]) - 1 ? date : null
}
