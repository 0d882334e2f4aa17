import { describe, expect, it } from 'vitest'
import { FREE_TEXT_MAX, NAME_MAX, isBlank, textLength, validateFreeText, validateName, validateText } from './text'

describe('validateName', () => {
  it('trims the ends and keeps the inside as typed', () => {
    expect(validateName('  Anna   de  Vries \n')).toEqual({ ok: true, value: 'Anna   de  Vries' })
  })

  it('refuses an empty or whitespace-only name', () => {
    expect(validateName('')).toEqual({ ok: false, error: 'empty' })
    expect(validateName(' \t\n\u00a0')).toEqual({ ok: false, error: 'empty' })
  })

  it('accepts exactly the maximum and refuses one more', () => {
    expect(validateName('a'.repeat(NAME_MAX))).toEqual({ ok: true, value: 'a'.repeat(NAME_MAX) })
    expect(validateName('a'.repeat(NAME_MAX + 1))).toEqual({ ok: false, error: 'tooLong', max: NAME_MAX })
  })

  it('measures after trimming', () => {
    expect(validateName(`  ${'a'.repeat(NAME_MAX)}  `).ok).toBe(true)
  })

  it('keeps emoji and HTML as typed and counts an emoji as one character', () => {
    expect(validateName('<b>Groep 6</b> 🎉')).toEqual({ ok: true, value: '<b>Groep 6</b> 🎉' })
    expect(validateName('🎉'.repeat(NAME_MAX)).ok).toBe(true)
    expect(validateName('🎉'.repeat(NAME_MAX + 1)).ok).toBe(false)
  })
})

describe('validateFreeText', () => {
  it('allows an empty note', () => {
    expect(validateFreeText('   ')).toEqual({ ok: true, value: '' })
  })

  it('keeps line breaks inside a note', () => {
    expect(validateFreeText('\nregel 1\n\nregel 2\n')).toEqual({ ok: true, value: 'regel 1\n\nregel 2' })
  })

  it('refuses a note over the maximum', () => {
    expect(validateFreeText('x'.repeat(FREE_TEXT_MAX + 1))).toEqual({ ok: false, error: 'tooLong', max: FREE_TEXT_MAX })
  })
})

describe('validateText', () => {
  it('applies custom rules', () => {
    expect(validateText('abcd', { max: 3, required: false })).toEqual({ ok: false, error: 'tooLong', max: 3 })
    expect(validateText('', { max: 3, required: true })).toEqual({ ok: false, error: 'empty' })
  })
})

describe('textLength and isBlank', () => {
  it('counts code points', () => {
    expect(textLength('')).toBe(0)
    expect(textLength('é👍a')).toBe(3)
  })

  it('sees whitespace as blank', () => {
    expect(isBlank(' \n ')).toBe(true)
    expect(isBlank(' x ')).toBe(false)
  })
})
