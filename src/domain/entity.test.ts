import { describe, expect, it } from 'vitest'
import { isLive, touch } from './entity'

const base = { id: 'a', createdAt: 1, updatedAt: 1, deletedAt: null as number | null, name: 'x' }

describe('entity helpers', () => {
  it('sees a tombstoned record as not live', () => {
    expect(isLive(base)).toBe(true)
    expect(isLive({ ...base, deletedAt: 5 })).toBe(false)
  })

  it('touch copies, applies the changes and sets updatedAt', () => {
    const changed = touch(base, { name: 'y' }, 9)
    expect(changed).toEqual({ ...base, name: 'y', updatedAt: 9 })
    expect(base.name).toBe('x')
  })
})
