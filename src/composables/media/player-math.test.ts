import { describe, expect, it } from 'vitest'
import { jumpTarget } from './player-math'

describe('jumpTarget', () => {
  it('jumps by the step within the held video', () => {
    expect(jumpTarget(12, 5, [[0, 30]])).toBe(17)
    expect(jumpTarget(12, -5, [[0, 30]])).toBe(7)
  })

  it('stops at the start of the recording and at the end of what the tablet holds', () => {
    expect(jumpTarget(3, -5, [[0, 30]])).toBe(0)
    expect(jumpTarget(28, 5, [[0, 10], [20, 30]])).toBe(30)
  })

  it('may land in a gap between fragments: the player then says there is no video there', () => {
    expect(jumpTarget(8, 5, [[0, 10], [20, 30]])).toBe(13)
  })

  it('without any video only keeps the start', () => {
    expect(jumpTarget(2, -5, [])).toBe(0)
    expect(jumpTarget(2, 5, [])).toBe(7)
  })
})

