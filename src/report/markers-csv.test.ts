import { describe, expect, it } from 'vitest'
import { defaultTemplate } from '../domain/kijkwijzer'
import type { HelpQuestion, Marker, Recording } from '../domain/model'
import { clockText, MARKER_COLUMNS, markerRows, markersCsv, type MarkerCsvLabels } from './markers-csv'

const base = { createdAt: 0, updatedAt: 0, deletedAt: null }
const labels: MarkerCsvLabels = {
  columns: Object.fromEntries(MARKER_COLUMNS.map((c) => [c, c])) as MarkerCsvLabels['columns'],
  kind: { pearl: 'Parel', puzzle: 'Puzzel' },
  yes: 'ja',
  no: 'nee',
}
const at = (h: number, m: number, s: number) => new Date(2025, 2, 14, h, m, s).getTime()

function marker(id: string, tappedAt: number, over: Partial<Marker> = {}): Marker {
  return {
    ...base, id, lessonId: 'l1', kind: 'pearl', tappedAt, recordingId: 'r1', offsetSec: 12.5, view: { yaw: -40.25, pitch: 10, fov: 75 },
    cell: null, helpQuestionId: null, note: '', leadSec: 10, lagSec: 10, chosen: false, chosenOrder: null, ...over,
  }
}

const recordings: Recording[] = [{
  ...base, id: 'r1', lessonId: 'l1', clipIndex: 0, cameraFileUrl: 'http://192.168.1.1/files/100RICOH/R0010042.MP4',
  startedAt: 0, requestedAt: 0, confirmedAt: 0, stoppedAt: 1, durationSec: 30, bytes: 'full',
}]
const helpQuestions = [{ id: 'h1', text: 'Hoe houd ik de aandacht vast?' }] as HelpQuestion[]
const markers = [
  marker('b', at(10, 23, 50), { kind: 'puzzle', chosen: true, chosenOrder: 0, cell: { rowId: 'interaction', columnId: 'relation' }, helpQuestionId: 'h1', note: 'zegt "stil"; wacht' }),
  marker('a', at(10, 23, 45)),
  marker('outside', at(10, 20, 0), { recordingId: null, offsetSec: null, view: null }),
  marker('gone', at(10, 24, 0), { deletedAt: 5 }),
]
const records = { markers, recordings, helpQuestions, template: defaultTemplate }

describe('markerRows', () => {
  it('gives every live marker one row in tap order, with its columns', () => {
    const rows = markerRows(records, labels, 'nl')
    expect(rows).toHaveLength(3)
    expect(rows[1]).toEqual(['Parel', '2025-03-14 10:23:45', 1, 'R0010042.MP4', 12.5, -40.25, 10, 75, null, null, '', 'nee', null])
    expect(rows[2]).toEqual([
      'Puzzel', '2025-03-14 10:23:50', 1, 'R0010042.MP4', 12.5, -40.25, 10, 75, 'Interactie – Relatie', 'Hoe houd ik de aandacht vast?',
      'zegt "stil"; wacht', 'ja', 1,
    ])
  })

  it('leaves the recording, offset and view empty for a tap outside any recording', () => {
    expect(markerRows(records, labels, 'nl')[0]).toEqual(['Parel', '2025-03-14 10:20:00', null, null, null, null, null, null, null, null, '', 'nee', null])
  })
})

describe('markersCsv', () => {
  it('is one header and one line per marker, escaped for Dutch Excel', () => {
    const lines = markersCsv(records, labels, 'nl').split('\r\n')
    expect(lines[0]).toBe(`\uFEFF${MARKER_COLUMNS.join(';')}`)
    expect(lines).toHaveLength(5)
    expect(lines[2]).toBe('Parel;2025-03-14 10:23:45;1;R0010042.MP4;12,5;-40,25;10;75;;;;nee;')
    expect(lines[3]).toContain(';"zegt ""stil""; wacht";ja;1')
  })
})

describe('clockText', () => {
  it('pads every part', () => {
    expect(clockText(new Date(2025, 0, 2, 3, 4, 5).getTime())).toBe('2025-01-02 03:04:05')
  })
})
