import { describe, expect, it } from 'vitest'
import { csvField, DUTCH_EXCEL, toCsv } from './csv'

describe('csvField', () => {
  it('leaves plain text alone and quotes what would break a line or a column', () => {
    expect(csvField('Parel')).toBe('Parel')
    expect(csvField('a;b')).toBe('"a;b"')
    expect(csvField('zei "stil"')).toBe('"zei ""stil"""')
    expect(csvField('regel 1\nregel 2')).toBe('"regel 1\nregel 2"')
    expect(csvField('a\r\nb')).toBe('"a\r\nb"')
    expect(csvField(' rand ')).toBe('" rand "')
  })

  it('quotes the comma only where it separates', () => {
    expect(csvField('a,b', DUTCH_EXCEL)).toBe('a,b')
    expect(csvField('a,b', { separator: ',', decimal: '.' })).toBe('"a,b"')
  })

  it('writes numbers with the dialect\'s decimal mark and no exponent', () => {
    expect(csvField(12.5)).toBe('12,5')
    expect(csvField(-40)).toBe('-40')
    expect(csvField(1 / 3)).toBe('0,333')
    expect(csvField(12.5, { separator: ',', decimal: '.' })).toBe('12.5')
    expect(csvField(Number.NaN)).toBe('')
    expect(csvField(null)).toBe('')
  })

  it('keeps a note that looks like a formula from running', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
    expect(csvField('-nee')).toBe("'-nee")
    expect(csvField('@a')).toBe("'@a")
  })
})

describe('toCsv', () => {
  it('starts with a BOM and ends every line with CRLF', () => {
    const text = toCsv(['Soort', 'Notitie'], [['Parel', 'één; twee'], ['Puzzel', null]])
    expect(text).toBe('\uFEFFSoort;Notitie\r\nParel;"één; twee"\r\nPuzzel;\r\n')
  })
})
