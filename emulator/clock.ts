/** The camera's own wall clock, settable with setOptions dateTimeZone ("YYYY:MM:DD hh:mm:ss+hh:mm"). */

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function zoneOfHost(): string {
  const minutes = -new Date().getTimezoneOffset()
  const a = Math.abs(minutes)
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`
}

function zoneMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1
  const [h = 0, m = 0] = zone.slice(1).split(':').map(Number)
  return sign * (h * 60 + m)
}

const DATE_TIME_ZONE = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})([+-]\d{2}:\d{2})$/

export class CameraClock {
  private offsetMs = 0
  zone = zoneOfHost()

  now(): number {
    return Date.now() + this.offsetMs
  }

  /** `epochMs` in the camera's zone, as the camera writes it. */
  format(epochMs: number): string {
    const d = this.local(epochMs)
    return `${d.getUTCFullYear()}:${pad(d.getUTCMonth() + 1)}:${pad(d.getUTCDate())} ` +
      `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${this.zone}`
  }

  /** A Date whose UTC fields are the camera's local wall time at `epochMs`. */
  local(epochMs: number): Date {
    return new Date(epochMs + zoneMinutes(this.zone) * 60_000)
  }

  /** Sets the clock; false when `value` is not a valid dateTimeZone. */
  set(value: unknown): boolean {
    const m = typeof value === 'string' ? DATE_TIME_ZONE.exec(value) : null
    if (!m) return false
    const [, y, mo, d, h, mi, s, zone = '+00:00'] = m
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) -
      zoneMinutes(zone) * 60_000
    if (Number.isNaN(utc)) return false
    this.offsetMs = utc - Date.now()
    this.zone = zone
    return true
  }
}
