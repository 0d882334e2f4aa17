import { isLive } from './entity'
import hgw from './kijkwijzer-hgw.json'
import { localize } from './locale'
import type { KijkwijzerCellRef, KijkwijzerDescriptor, KijkwijzerTemplate, Locale, LocalText, Marker, MarkerKind, Observation } from './model'

/** The HGW basic-needs matrix every coach starts with. JSON widens the ratio tuple to number[]: the test validates it. */
export const defaultTemplate = hgw as unknown as KijkwijzerTemplate

/** The observation rating per cell; the words for each step live in i18n under these ids. */
export const RATING_SCALE = [
  { value: 1, id: 'notVisible' },
  { value: 2, id: 'somewhatVisible' },
  { value: 3, id: 'visible' },
  { value: 4, id: 'stronglyVisible' },
] as const

export type RatingId = (typeof RATING_SCALE)[number]['id']

export function ratingId(value: number | null): RatingId | null {
  return RATING_SCALE.find((r) => r.value === value)?.id ?? null
}

export interface KijkwijzerCell extends KijkwijzerCellRef {
  descriptor: KijkwijzerDescriptor
}

/** The descriptor as a button shows it: its short form, else the whole text. */
export function shortDescriptor(descriptor: KijkwijzerDescriptor, locale: Locale): string {
  return (descriptor.short && localize(descriptor.short, locale)) || localize(descriptor, locale)
}

/** Row by row, in the template's column order; a cell the template lacks is left out. */
export function listCells(template: KijkwijzerTemplate): KijkwijzerCell[] {
  return template.rows.flatMap((row) =>
    template.columns.flatMap((column) => {
      const descriptor = row.cells[column.id]
      return descriptor ? [{ rowId: row.id, columnId: column.id, descriptor }] : []
    }),
  )
}

/** A stable key for maps and list keys. */
export function cellKey(ref: KijkwijzerCellRef): string {
  return `${ref.rowId}/${ref.columnId}`
}

export interface CellLabels {
  row: string
  column: string
  descriptor: string
}

/** The labels of a cell in a language; null when the template (no longer) has it. */
export function cellLabels(template: KijkwijzerTemplate, ref: KijkwijzerCellRef, locale: Locale): CellLabels | null {
  const row = template.rows.find((r) => r.id === ref.rowId)
  const column = template.columns.find((c) => c.id === ref.columnId)
  const descriptor = row?.cells[ref.columnId]
  if (!row || !column || !descriptor) return null
  return { row: localize(row, locale), column: localize(column, locale), descriptor: localize(descriptor, locale) }
}

export type KindCounts = Record<MarkerKind, number>

export interface CellSummary extends KijkwijzerCellRef {
  counts: KindCounts
  markerIds: string[]
  rating: number | null
  notes: string
}

export interface LessonSummary {
  cells: CellSummary[]
  totals: KindCounts
  /** Markers without a cell, or with one the template does not have. */
  unplaced: KindCounts
  ratedCells: number
  cellsWithMarkers: number
}

/** What was seen in a lesson, per kijkwijzer cell: pearls and puzzles tagged, the rating and notes. */
export function summarizeLesson(
  template: KijkwijzerTemplate,
  observations: readonly Observation[],
  markers: readonly Marker[],
): LessonSummary {
  const cells = new Map<string, CellSummary>(
    listCells(template).map(({ rowId, columnId }) => [
      cellKey({ rowId, columnId }),
      { rowId, columnId, counts: { pearl: 0, puzzle: 0 }, markerIds: [], rating: null, notes: '' },
    ]),
  )
  // Two tablets may both have written a cell; the latest observation is what the coach last saw.
  const latest = observations.filter(isLive).sort((a, b) => a.updatedAt - b.updatedAt)
  for (const o of latest) {
    const cell = cells.get(cellKey(o))
    if (cell) Object.assign(cell, { rating: o.rating, notes: o.notes })
  }
  const totals: KindCounts = { pearl: 0, puzzle: 0 }
  const unplaced: KindCounts = { pearl: 0, puzzle: 0 }
  for (const m of markers.filter(isLive).sort((a, b) => a.tappedAt - b.tappedAt)) {
    totals[m.kind]++
    const cell = m.cell && cells.get(cellKey(m.cell))
    if (!cell) {
      unplaced[m.kind]++
      continue
    }
    cell.counts[m.kind]++
    cell.markerIds.push(m.id)
  }
  const list = [...cells.values()]
  return {
    cells: list,
    totals,
    unplaced,
    ratedCells: list.filter((c) => c.rating !== null).length,
    cellsWithMarkers: list.filter((c) => c.markerIds.length > 0).length,
  }
}

export type TemplateErrorCode =
  | 'emptyId'
  | 'noColumns'
  | 'noRows'
  | 'duplicateColumnId'
  | 'duplicateRowId'
  | 'missingCell'
  | 'unknownColumn'
  | 'missingLabel'
  | 'invalidRatio'

/** Where a problem is: no ids for the template itself, a row id, or a row and column for a cell. */
export interface TemplateError {
  code: TemplateErrorCode
  rowId?: string
  columnId?: string
}

const isBlankText = (t: LocalText) => localize(t, 'nl') === ''

function duplicates(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]
}

/** Structural problems of a template a coach brings (empty list = usable); parsing JSON is the importer's job. */
export function validateTemplate(template: KijkwijzerTemplate): TemplateError[] {
  const errors: TemplateError[] = []
  const columnIds = template.columns.map((c) => c.id)
  const rowIds = template.rows.map((r) => r.id)
  if (template.id.trim() === '') errors.push({ code: 'emptyId' })
  if (isBlankText(template.name)) errors.push({ code: 'missingLabel' })
  if (columnIds.length === 0) errors.push({ code: 'noColumns' })
  if (rowIds.length === 0) errors.push({ code: 'noRows' })
  for (const column of template.columns) {
    if (column.id.trim() === '') errors.push({ code: 'emptyId', columnId: column.id })
    if (isBlankText(column)) errors.push({ code: 'missingLabel', columnId: column.id })
  }
  for (const id of duplicates(columnIds)) errors.push({ code: 'duplicateColumnId', columnId: id })
  for (const id of duplicates(rowIds)) errors.push({ code: 'duplicateRowId', rowId: id })
  for (const row of template.rows) {
    if (row.id.trim() === '') errors.push({ code: 'emptyId', rowId: row.id })
    if (isBlankText(row)) errors.push({ code: 'missingLabel', rowId: row.id })
    for (const columnId of columnIds) {
      const cell = row.cells[columnId]
      if (!cell) errors.push({ code: 'missingCell', rowId: row.id, columnId })
      else if (isBlankText(cell)) errors.push({ code: 'missingLabel', rowId: row.id, columnId })
    }
    for (const columnId of Object.keys(row.cells)) {
      if (!columnIds.includes(columnId)) errors.push({ code: 'unknownColumn', rowId: row.id, columnId })
    }
  }
  const ratio = template.pearlToPuzzleRatio
  if (ratio.length !== 2 || !ratio.every((n) => Number.isInteger(n) && n > 0)) errors.push({ code: 'invalidRatio' })
  return errors
}
