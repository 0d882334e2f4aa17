import { describe, expect, it } from 'vitest'
import type { Marker } from './model'
import { measureMarkers, measureSelection, suggestSelection } from './ratio'

let seq = 0
function m(kind: Marker['kind'], chosen: boolean, over: Partial<Marker> = {}): Marker {
  seq++
  return {
    id: `${kind[0]}${seq}`, createdAt: 0, updatedAt: 0, deletedAt: null, lessonId: 'l1', kind, tappedAt: seq * 1000,
    recordingId: 'r1', offsetSec: seq, view: null, cell: null, helpQuestionId: null, note: '', leadSec: 10, lagSec: 10,
    chosen, chosenOrder: chosen ? seq : null, ...over,
  }
}
const pearls = (n: number, chosen: boolean) => Array.from({ length: n }, () => m('pearl', chosen))
const puzzles = (n: number, chosen: boolean) => Array.from({ length: n }, () => m('puzzle', chosen))

describe('measureSelection', () => {
  it('is on target at 2:1 and its multiples', () => {
    expect(measureSelection([...pearls(2, true), ...puzzles(1, true)], [2, 1])).toEqual({ pearls: 2, puzzles: 1, ratio: 2, onTarget: true, off: 0 })
    expect(measureSelection([...pearls(4, true), ...puzzles(2, true)], [2, 1]).onTarget).toBe(true)
  })

  it('counts only chosen, live markers', () => {
    const markers = [...pearls(2, true), ...puzzles(1, true), m('puzzle', false), m('pearl', true, { deletedAt: 1 })]
    expect(measureSelection(markers, [2, 1])).toMatchObject({ pearls: 2, puzzles: 1, onTarget: true })
  })

  it('is off for an empty selection and says how far', () => {
    expect(measureSelection([], [2, 1])).toEqual({ pearls: 0, puzzles: 0, ratio: null, onTarget: false, off: 3 })
  })

  it.each([
    [1, 1, 1],
    [2, 2, 1],
    [3, 1, 1],
    [3, 2, 1],
    [0, 3, 4],
    [5, 0, 3],
  ])('%i pearls and %i puzzles are %i off 2:1', (p, z, off) => {
    expect(measureSelection([...pearls(p, true), ...puzzles(z, true)], [2, 1]).off).toBe(off)
  })

  it('follows another ratio', () => {
    expect(measureSelection([...pearls(3, true), ...puzzles(2, true)], [3, 2]).onTarget).toBe(true)
    expect(measureSelection([...pearls(2, true), ...puzzles(1, true)], [3, 2]).onTarget).toBe(false)
  })
})

describe('measureMarkers', () => {
  it('counts every live marker, chosen or not, as the visit screen shows it', () => {
    const tapped = [...pearls(3, false), ...puzzles(1, true), m('puzzle', false, { deletedAt: 5 })]
    expect(measureMarkers(tapped, [2, 1])).toEqual({ pearls: 3, puzzles: 1, ratio: 3, onTarget: false, off: 1 })
    expect(measureMarkers([], [2, 1]).onTarget).toBe(false)
  })
})

describe('suggestSelection', () => {
  it('suggests nothing when on target', () => {
    const s = suggestSelection([...pearls(2, true), ...puzzles(1, true), ...pearls(3, false)], [2, 1])
    expect(s).toMatchObject({ reachable: true, steps: [] })
  })

  it('suggests adding a pearl, richest candidates first', () => {
    const plain = m('pearl', false)
    const noted = m('pearl', false, { note: 'mooi moment' })
    const rich = m('pearl', false, { note: 'x', cell: { rowId: 'interaction', columnId: 'relation' }, helpQuestionId: 'q1' })
    const s = suggestSelection([...pearls(1, true), ...puzzles(1, true), plain, noted, rich], [2, 1])
    expect(s.steps).toEqual([{ action: 'add', kind: 'pearl', count: 1, candidateIds: [rich.id, noted.id, plain.id] }])
  })

  it('suggests dropping a puzzle, the plainest and last added first', () => {
    const keep = m('puzzle', true, { helpQuestionId: 'q1' })
    const older = m('puzzle', true)
    const newer = m('puzzle', true)
    const s = suggestSelection([...pearls(2, true), keep, older, newer], [2, 1])
    // 2:3 with no pearl free: 2:1 is the only multiple within reach
    expect(s.steps).toEqual([{ action: 'drop', kind: 'puzzle', count: 2, candidateIds: [newer.id, older.id, keep.id] }])
  })

  it('goes to the nearest multiple of the target', () => {
    // 2:2 → drop a puzzle (1) beats 4:2 (add two pearls)
    expect(suggestSelection([...pearls(2, true), ...puzzles(2, true), ...pearls(2, false)], [2, 1]).steps).toMatchObject([{ action: 'drop', kind: 'puzzle', count: 1 }])
    // 3:2 → add a pearl (1) beats dropping a pearl and a puzzle (2)
    expect(suggestSelection([...pearls(3, true), ...puzzles(2, true), ...pearls(1, false)], [2, 1]).steps).toMatchObject([{ action: 'add', kind: 'pearl', count: 1 }])
    // 3:1 with a pearl and a puzzle free: drop a pearl (1) beats 4:2 (2)
    expect(suggestSelection([...pearls(3, true), ...puzzles(1, true), ...pearls(1, false), ...puzzles(1, false)], [2, 1]).steps).toMatchObject([{ action: 'drop', kind: 'pearl', count: 1 }])
  })

  it('on a tie keeps what the coach chose and adds instead', () => {
    // 2:0 against 1:1 — 1:1 (drop a pearl, add a puzzle) and 2:2 (add two puzzles) both take two steps
    expect(suggestSelection([...pearls(2, true), ...puzzles(2, false)], [1, 1]).steps).toMatchObject([{ action: 'add', kind: 'puzzle', count: 2 }])
  })

  it('falls back to dropping when nothing suitable is left to add', () => {
    // 3:2 would add a pearl, but none is free: drop a pearl and a puzzle for 2:1
    const s = suggestSelection([...pearls(3, true), ...puzzles(2, true)], [2, 1])
    expect(s.steps).toMatchObject([
      { action: 'drop', kind: 'pearl', count: 1 },
      { action: 'drop', kind: 'puzzle', count: 1 },
    ])
  })

  it('starts an empty selection with two pearls and a puzzle', () => {
    const s = suggestSelection([...pearls(3, false), ...puzzles(2, false)], [2, 1])
    expect(s.steps.map(({ action, kind, count }) => ({ action, kind, count }))).toEqual([
      { action: 'add', kind: 'pearl', count: 2 },
      { action: 'add', kind: 'puzzle', count: 1 },
    ])
  })

  it('does not offer markers outside a recording or deleted ones', () => {
    const outside = m('pearl', false, { recordingId: null, offsetSec: null })
    const deleted = m('pearl', false, { deletedAt: 5 })
    const free = m('pearl', false)
    const s = suggestSelection([m('pearl', true), m('puzzle', true), outside, deleted, free], [2, 1])
    expect(s.steps).toEqual([{ action: 'add', kind: 'pearl', count: 1, candidateIds: [free.id] }])
  })

  it('says when the lesson has too few moments for the ratio', () => {
    const s = suggestSelection([m('pearl', true), ...puzzles(3, false)], [2, 1])
    expect(s).toMatchObject({ reachable: false, steps: [] })
    expect(suggestSelection([], [2, 1])).toMatchObject({ reachable: false, steps: [], measure: { off: 3 } })
  })

  it('breaks ties in richness by time', () => {
    const early = m('puzzle', false, { tappedAt: 10 })
    const late = m('puzzle', false, { tappedAt: 20 })
    const s = suggestSelection([...pearls(2, true), late, early], [2, 1])
    expect(s.steps[0]?.candidateIds).toEqual([early.id, late.id])
  })
})
