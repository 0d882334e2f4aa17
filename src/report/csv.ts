/** CSV as spreadsheets open it: RFC 4180 quoting, CRLF line ends, a UTF-8 byte-order mark. */

export type CsvCell = string | number | null

export interface CsvDialect {
  separator: ';' | ','
  decimal: ',' | '.'
}

/**
 * Excel with Dutch regional settings splits on ';' (its list separator, since ',' is the decimal
 * comma) and reads "12,5" as a number; the BOM makes it read UTF-8 (else "ë" turns into "Ã«").
 */
export const DUTCH_EXCEL: CsvDialect = { separator: ';', decimal: ',' }

const BOM = '\uFEFF'

// A text cell starting with one of these is run as a formula by spreadsheets (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/

function textField(text: string, dialect: CsvDialect): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text
  const needsQuotes = safe.includes(dialect.separator) || /["\r\n]/.test(safe) || safe !== safe.trim()
  return needsQuotes ? `"${safe.replaceAll('"', '""')}"` : safe
}

function numberField(value: number, dialect: CsvDialect): string {
  if (!Number.isFinite(value)) return ''
  // Plain digits, no thousands separator and no exponent, so every spreadsheet reads it back.
  const text = String(Math.round(value * 1000) / 1000)
  return dialect.decimal === ',' ? text.replace('.', ',') : text
}

export function csvField(cell: CsvCell, dialect: CsvDialect = DUTCH_EXCEL): string {
  if (cell === null) return ''
  return typeof cell === 'number' ? numberField(cell, dialect) : textField(cell, dialect)
}

/** The whole file's text: BOM, a header row, then one line per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], dialect: CsvDialect = DUTCH_EXCEL): string {
  const line = (cells: readonly CsvCell[]) => cells.map((c) => csvField(c, dialect)).join(dialect.separator)
  return BOM + [header, ...rows].map(line).join('\r\n') + '\r\n'
}
