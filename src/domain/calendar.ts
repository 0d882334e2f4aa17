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

/** ISO → how a Dutch coach types a date: `2026-12-02` → `02-12-2026` (dd-mm-jjjj); anything else stays as is. */
export function dutchNumericDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  return match ? `${match[3]}-${match[2]}-${match[1]}` : iso
}

export type DateEntry = { ok: true; value: string } | { ok: false; error: 'invalidDate' }

/**
 * What a coach typed as dd-mm-jjjj (also d-m-jjjj, with `/`, `.` or a space) → ISO; empty → ''.
 * Typed by hand rather than `<input type="date">`, whose shape follows the browser's language.
 */
export function parseDutchDate(raw: string): DateEntry {
  const text = raw.trim()
  if (text === '') return { ok: true, value: '' }
  const match = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/.exec(text)
  if (!match) return { ok: false, error: 'invalidDate' }
  const [, day = '', month = '', year = ''] = match
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  return dateOf(iso) ? { ok: true, value: iso } : { ok: false, error: 'invalidDate' }
}
