/**
 * A part of the room kept out of view (issue 11, "niet in beeld"): a yaw range of the 360° picture,
 * from `fromYaw` clockwise (growing yaw) to `toYaw`, in degrees as the viewer's yaw (0 = the centre
 * of the equirectangular image). It spans every pitch. 350 → 10 is the 20° across the back seam.
 */
export interface YawSector {
  fromYaw: number
  toYaw: number
}

/** The viewer's shader holds a fixed array of this many: no extra cost per frame for fewer. */
export const MAX_HIDDEN_SECTORS = 8
/** Narrower than this is a slip of the finger, not a part of the room. */
export const MIN_SECTOR_DEGREES = 2

/** Yaw in [0, 360). */
export function wrapDegrees(yaw: number): number {
  return ((yaw % 360) + 360) % 360
}

export function sectorWidth(sector: YawSector): number {
  return wrapDegrees(sector.toYaw - sector.fromYaw)
}

/** Whether a direction lies in the sector (its start included, its end not). */
export function inSector(yaw: number, sector: YawSector): boolean {
  return wrapDegrees(yaw - sector.fromYaw) < sectorWidth(sector)
}

/** The sector a drag across the picture marks: between its two ends, the short way round. */
export function sectorFromDrag(startYaw: number, endYaw: number): YawSector {
  const turn = wrapDegrees(endYaw - startYaw)
  const [from, to] = turn <= 180 ? [startYaw, endYaw] : [endYaw, startYaw]
  return { fromYaw: wrapDegrees(from), toYaw: wrapDegrees(to) }
}

export type SectorsError = 'tooMany' | 'tooNarrow'

export function validateSectors(sectors: readonly YawSector[]): SectorsError | null {
  if (sectors.length > MAX_HIDDEN_SECTORS) return 'tooMany'
  if (sectors.some((s) => sectorWidth(s) < MIN_SECTOR_DEGREES)) return 'tooNarrow'
  return null
}

/** A sector `width` degrees wide centred on a direction: the way to mark one without a drag (keyboard). */
export function sectorAround(yaw: number, width: number): YawSector {
  return { fromYaw: wrapDegrees(yaw - width / 2), toYaw: wrapDegrees(yaw + width / 2) }
}

/**
 * The sectors with one more, or why not. Its ends go outward to whole degrees, so what is hidden is
 * what the list says ("350° – 10°"), never a sliver less.
 */
export function hideSector(sectors: readonly YawSector[], sector: YawSector): YawSector[] | SectorsError {
  const whole = { fromYaw: wrapDegrees(Math.floor(sector.fromYaw)), toYaw: wrapDegrees(Math.ceil(sector.toYaw)) }
  const next = [...sectors, whole]
  return validateSectors(next) ?? next
}

/** The sectors without this one (shown again). */
export function showSector(sectors: readonly YawSector[], sector: YawSector): YawSector[] {
  return sectors.filter((s) => s.fromYaw !== sector.fromYaw || s.toYaw !== sector.toYaw)
}
