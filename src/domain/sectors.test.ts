import { describe, expect, it } from 'vitest'
import { MAX_HIDDEN_SECTORS, inSector, sectorFromDrag, sectorWidth, validateSectors, wrapDegrees } from './sectors'

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
})
