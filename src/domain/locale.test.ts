import { describe, expect, it } from 'vitest'
import { localize } from './locale'

describe('localize', () => {
  it('picks the asked language', () => {
    expect(localize({ nl: 'Relatie', en: 'Relation' }, 'en')).toBe('Relation')
    expect(localize({ nl: 'Relatie', en: 'Relation' }, 'nl')).toBe('Relatie')
  })

  it('falls back to the other language when the asked one is blank', () => {
    expect(localize({ nl: 'Alleen Nederlands', en: '  ' }, 'en')).toBe('Alleen Nederlands')
    expect(localize({ nl: '', en: 'English only' }, 'nl')).toBe('English only')
  })

  it('gives an empty string when both are blank', () => {
    expect(localize({ nl: '', en: ' ' }, 'nl')).toBe('')
  })
})
