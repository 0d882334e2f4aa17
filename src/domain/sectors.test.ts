import { describe, expect, it } from 'vitest'
import { MAX_HIDDEN_SECTORS, hideSector, inSector, sectorAround, showSector, sectorFromDrag, sectorWidth, validateSectors, wrapDegrees } from './sectors'

describe('sectors kept out of view', () => {
  it('spans the back seam: 350° → 10° is 20° wide and holds 355°, 0° and 5°, not 15° or 345°', () => {
    const back = { fromYaw: 350, toYaw: 10 }
    expect(sectorWidth(back)).toBe(20)
    for (const yaw of [350, 355, 0, 5, -5, 9.9, 715]) expect(inSector(yaw, back), `${yaw}`).toBe(true)
    for (const yaw of [10, 15, 345, 180, -15]) expect(inSector(yaw, back), `${yaw}`).toBe(false)
  })

  it('works the same away from the seam, with viewer yaws in (−180, 180]', () => {
    const door = { fromYaw: -120, toYaw: -60 }
    expect(sectorWidth(door)).toBe(60)
    expect(inSector(-90, door)).toBe(true)
    expect(inSector(270, door)).toBe(true)
    expect(inSector(-30, door)).toBe(false)
  })

  it('takes a drag either way round, the short way', () => {
    expect(sectorFromDrag(350, 10)).toEqual({ fromYaw: 350, toYaw: 10 })
    expect(sectorFromDrag(10, -10)).toEqual({ fromYaw: 350, toYaw: 10 })
    expect(sectorFromDrag(40, 100)).toEqual({ fromYaw: 40, toYaw: 100 })
    expect(sectorFromDrag(100, 40)).toEqual({ fromYaw: 40, toYaw: 100 })
  })

  it('refuses too many sectors or one too narrow to mean a part of the room', () => {
    expect(validateSectors([{ fromYaw: 350, toYaw: 10 }])).toBeNull()
    expect(validateSectors(Array.from({ length: MAX_HIDDEN_SECTORS + 1 }, (_, i) => ({ fromYaw: i * 30, toYaw: i * 30 + 10 })))).toBe('tooMany')
    expect(validateSectors([{ fromYaw: 20, toYaw: 21 }])).toBe('tooNarrow')
    expect(wrapDegrees(-1)).toBe(359)
  })

  it('marks a sector around the view direction without a drag, across the seam too', () => {
    expect(sectorAround(100, 30)).toEqual({ fromYaw: 85, toYaw: 115 })
    expect(sectorAround(0, 20)).toEqual({ fromYaw: 350, toYaw: 10 })
    expect(sectorAround(-175, 30)).toEqual({ fromYaw: 170, toYaw: 200 })
  })

  it('hides one more sector with its ends outward to whole degrees, and refuses a ninth or a slip', () => {
    expect(hideSector([], { fromYaw: 349.6, toYaw: 10.2 })).toEqual([{ fromYaw: 349, toYaw: 11 }])
    expect(hideSector([], { fromYaw: 358.5, toYaw: 359.7 })).toEqual([{ fromYaw: 358, toYaw: 0 }])
    const eight = Array.from({ length: MAX_HIDDEN_SECTORS }, (_, i) => ({ fromYaw: i * 40, toYaw: i * 40 + 10 }))
    expect(hideSector(eight, { fromYaw: 335, toYaw: 345 })).toBe('tooMany')
    expect(hideSector([], { fromYaw: 20, toYaw: 20.5 })).toBe('tooNarrow')
  })

  it('shows a sector again, leaving the others', () => {
    const sectors = [{ fromYaw: 350, toYaw: 10 }, { fromYaw: 80, toYaw: 120 }]
    expect(showSector(sectors, { fromYaw: 350, toYaw: 10 })).toEqual([{ fromYaw: 80, toYaw: 120 }])
    expect(showSector(sectors, { fromYaw: 1, toYaw: 2 })).toEqual(sectors)
  })
})
