/** Formatting shared by screens: bytes the way a coach reads them, and clock-style durations. */

export function formatBytes(value: number, formatNumber: (value: number, options: Intl.NumberFormatOptions) => string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${formatNumber(value, { maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0 })} ${units[unit]}`
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds))
  const hours = Math.floor(s / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  const seconds = String(s % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`
}

/** A view's yaw as a heading a coach can say: whole degrees, 0–359 (−20 → "340°"). */
export function formatHeading(yaw: number): string {
  return `${((Math.round(yaw) % 360) + 360) % 360}°`
}

/** A part of the room kept out of view as its two headings, clockwise: 350 → 10 is "350° – 10°". */
export function formatSector(sector: { fromYaw: number; toYaw: number }): string {
  return `${formatHeading(sector.fromYaw)} – ${formatHeading(sector.toYaw)}`
}
