import { describe, expect, it } from 'vitest'
import {
  RATING_SCALE,
  cellKey,
  cellLabels,
  defaultTemplate,
  listCells,
  ratingId,
  shortDescriptor,
  summarizeLesson,
  validateTemplate,
} from './kijkwijzer'
import type { KijkwijzerTemplate, Marker, Observation } from './model'

const small: KijkwijzerTemplate = {
  id: 'small',
  name: { nl: 'Klein', en: '' },
  columns: [
    { id: 'a', nl: 'A', en: 'A' },
    { id: 'b', nl: 'B', en: '' },
  ],
  rows: [
    { id: 'r1', nl: 'Rij 1', en: 'Row 1', cells: { a: { nl: 'r1a', en: 'r1a-en' }, b: { nl: 'r1b', en: 'r1b-en' } } },
    { id: 'r2', nl: 'Rij 2', en: 'Row 2', cells: { a: { nl: 'r2a', en: 'r2a-en' }, b: { nl: 'r2b', en: 'r2b-en' } } },
  ],
  reflectiveQuestions: { any: [], pearl: [], puzzle: [] },
  pearlToPuzzleRatio: [2, 1],
}

function marker(id: string, kind: Marker['kind'], cell: Marker['cell'], over: Partial<Marker> = {}): Marker {
  return {
    id, createdAt: 0, updatedAt: 0, deletedAt: null, lessonId: 'l1', kind, tappedAt: 0, recordingId: null, offsetSec: null,
    view: null, cell, helpQuestionId: null, note: '', leadSec: 10, lagSec: 10, chosen: false, chosenOrder: null, ...over,
  }
}

function observation(rowId: string, columnId: string, rating: number | null, over: Partial<Observation> = {}): Observation {
  return { id: `${rowId}${columnId}`, createdAt: 0, updatedAt: 0, deletedAt: null, lessonId: 'l1', rowId, columnId, rating, notes: '', ...over }
}

describe('defaultTemplate', () => {
  it('is the valid HGW 3 × 3 matrix with a 2:1 ratio', () => {
    expect(validateTemplate(defaultTemplate)).toEqual([])
    expect(listCells(defaultTemplate)).toHaveLength(9)
    expect(defaultTemplate.pearlToPuzzleRatio).toEqual([2, 1])
  })
})

describe('RATING_SCALE', () => {
  it('runs 1 to 4 with unique ids', () => {
    expect(RATING_SCALE.map((r) => r.value)).toEqual([1, 2, 3, 4])
    expect(new Set(RATING_SCALE.map((r) => r.id)).size).toBe(4)
  })

  it('maps a value to its id, and anything else to null', () => {
    expect(ratingId(1)).toBe('notVisible')
    expect(ratingId(4)).toBe('stronglyVisible')
    expect(ratingId(0)).toBeNull()
    expect(ratingId(2.5)).toBeNull()
    expect(ratingId(null)).toBeNull()
  })
})

describe('listCells and cellLabels', () => {
  it('lists cells row by row in column order', () => {
    expect(listCells(small).map(cellKey)).toEqual(['r1/a', 'r1/b', 'r2/a', 'r2/b'])
  })

  it('looks up labels per language, falling back where one is missing', () => {
    expect(cellLabels(small, { rowId: 'r2', columnId: 'b' }, 'en')).toEqual({ row: 'Row 2', column: 'B', descriptor: 'r2b-en' })
    expect(cellLabels(defaultTemplate, { rowId: 'interaction', columnId: 'autonomy' }, 'nl')).toEqual({
      row: 'Interactie',
      column: 'Autonomie',
      descriptor: 'Leerlingen ruimte geven, initiatieven honoreren',
    })
  })

  it('gives every HGW cell a short form in both languages, shorter than the whole descriptor', () => {
    for (const cell of listCells(defaultTemplate)) {
      for (const locale of ['nl', 'en'] as const) {
        const short = shortDescriptor(cell.descriptor, locale)
        expect(short).not.toBe('')
        expect(short.length).toBeLessThan(cell.descriptor[locale].length)
        expect(short.length).toBeLessThanOrEqual(26)
      }
    }
    expect(shortDescriptor(defaultTemplate.rows[0]!.cells.relation!, 'nl')).toBe('Persoonlijk ontmoeten')
  })

  it('falls back to the whole descriptor where a template has no (or a blank) short form', () => {
    expect(shortDescriptor({ nl: 'Heel lang', en: '' }, 'en')).toBe('Heel lang')
    expect(shortDescriptor({ nl: 'Heel lang', en: 'Very long', short: { nl: 'Kort', en: ' ' } }, 'en')).toBe('Kort')
  })

  it('is null for a cell the template does not have', () => {
    expect(cellLabels(small, { rowId: 'r9', columnId: 'a' }, 'nl')).toBeNull()
    expect(cellLabels(small, { rowId: 'r1', columnId: 'z' }, 'nl')).toBeNull()
  })
})

describe('summarizeLesson', () => {
  it('counts pearls and puzzles per cell and takes ratings and notes', () => {
    const summary = summarizeLesson(
      small,
      [observation('r1', 'a', 3, { notes: 'goed' }), observation('r2', 'b', null, { notes: 'alleen notitie' })],
      [
        marker('p1', 'pearl', { rowId: 'r1', columnId: 'a' }, { tappedAt: 2 }),
        marker('p2', 'pearl', { rowId: 'r1', columnId: 'a' }, { tappedAt: 1 }),
        marker('z1', 'puzzle', { rowId: 'r1', columnId: 'a' }),
        marker('z2', 'puzzle', { rowId: 'r2', columnId: 'a' }),
        marker('free', 'pearl', null),
        marker('old', 'puzzle', { rowId: 'gone', columnId: 'a' }),
        marker('deleted', 'pearl', { rowId: 'r1', columnId: 'a' }, { deletedAt: 1 }),
      ],
    )
    expect(summary.cells[0]).toEqual({ rowId: 'r1', columnId: 'a', counts: { pearl: 2, puzzle: 1 }, markerIds: ['z1', 'p2', 'p1'], rating: 3, notes: 'goed' })
    expect(summary.cells[3]).toMatchObject({ rating: null, notes: 'alleen notitie', markerIds: [] })
    expect(summary.totals).toEqual({ pearl: 3, puzzle: 3 })
    expect(summary.unplaced).toEqual({ pearl: 1, puzzle: 1 })
    expect(summary.ratedCells).toBe(1)
    expect(summary.cellsWithMarkers).toBe(2)
  })

  it('takes the latest observation of a cell and ignores tombstones and unknown cells', () => {
    const summary = summarizeLesson(
      small,
      [
        observation('r1', 'a', 4, { updatedAt: 9 }),
        observation('r1', 'a', 2, { updatedAt: 3 }),
        observation('r1', 'b', 1, { deletedAt: 5 }),
        observation('r7', 'a', 1),
      ],
      [],
    )
    expect(summary.cells.map((c) => c.rating)).toEqual([4, null, null, null])
  })

  it('summarises an empty lesson', () => {
    const summary = summarizeLesson(small, [], [])
    expect(summary.cells).toHaveLength(4)
    expect(summary).toMatchObject({ totals: { pearl: 0, puzzle: 0 }, ratedCells: 0, cellsWithMarkers: 0 })
  })
})

describe('validateTemplate', () => {
  it('accepts a sound template', () => {
    expect(validateTemplate(small)).toEqual([])
  })

  it('finds duplicate ids', () => {
    const t: KijkwijzerTemplate = { ...small, columns: [...small.columns, { id: 'a', nl: 'A2', en: '' }], rows: [...small.rows, small.rows[0]!] }
    expect(validateTemplate(t)).toEqual(expect.arrayContaining([{ code: 'duplicateColumnId', columnId: 'a' }, { code: 'duplicateRowId', rowId: 'r1' }]))
  })

  it('finds a missing cell, a cell of an unknown column and a blank label', () => {
    const t: KijkwijzerTemplate = {
      ...small,
      rows: [
        { id: 'r1', nl: 'Rij 1', en: '', cells: { a: { nl: 'x', en: '' }, z: { nl: 'y', en: '' } } },
        { id: 'r2', nl: ' ', en: '', cells: { a: { nl: '', en: ' ' }, b: { nl: 'ok', en: '' } } },
      ],
    }
    expect(validateTemplate(t)).toEqual([
      { code: 'missingCell', rowId: 'r1', columnId: 'b' },
      { code: 'unknownColumn', rowId: 'r1', columnId: 'z' },
      { code: 'missingLabel', rowId: 'r2' },
      { code: 'missingLabel', rowId: 'r2', columnId: 'a' },
    ])
  })

  it('finds an empty template', () => {
    expect(validateTemplate({ ...small, id: ' ', name: { nl: '', en: '' }, columns: [], rows: [] })).toEqual([
      { code: 'emptyId' },
      { code: 'missingLabel' },
      { code: 'noColumns' },
      { code: 'noRows' },
    ])
  })

  it('finds empty row and column ids', () => {
    const t: KijkwijzerTemplate = { ...small, columns: [{ id: '', nl: 'X', en: '' }], rows: [{ id: '', nl: 'Y', en: '', cells: { '': { nl: 'c', en: '' } } }] }
    expect(validateTemplate(t)).toEqual([{ code: 'emptyId', columnId: '' }, { code: 'emptyId', rowId: '' }])
  })

  it.each([[[0, 1]], [[2, -1]], [[1.5, 1]], [[2]], [[2, 1, 1]], [[Number.NaN, 1]]])('refuses the ratio %j', (ratio) => {
    expect(validateTemplate({ ...small, pearlToPuzzleRatio: ratio as [number, number] })).toEqual([{ code: 'invalidRatio' }])
  })

  it('accepts another ratio of positive integers', () => {
    expect(validateTemplate({ ...small, pearlToPuzzleRatio: [3, 2] })).toEqual([])
  })
})
