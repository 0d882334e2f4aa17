import { isLive } from '../domain/entity'
import { cellLabels } from '../domain/kijkwijzer'
import type { HelpQuestion, KijkwijzerTemplate, Locale, Marker, MarkerKind, Recording } from '../domain/model'
import { toCsv, type CsvCell, type CsvDialect, DUTCH_EXCEL } from './csv'

export const MARKER_COLUMNS = [
  'kind', 'tappedAt', 'clip', 'file', 'offsetSec', 'yaw', 'pitch', 'fov', 'cell', 'helpQuestion', 'note', 'chosen', 'order',
] as const
export type MarkerColumn = (typeof MARKER_COLUMNS)[number]

/** The words of the file, from i18n. */
export interface MarkerCsvLabels {
  columns: Record<MarkerColumn, string>
  kind: Record<MarkerKind, string>
  yes: string
  no: string
}

export interface MarkerCsvRecords {
  markers: readonly Marker[]
  recordings: readonly Recording[]
  helpQuestions: readonly HelpQuestion[]
  template: KijkwijzerTemplate
}

/** The tablet clock as a spreadsheet reads a date and time: local, "2025-03-14 10:23:45". */
export function clockText(at: number): string {
  const d = new Date(at)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

function fileName(url: string | null): string | null {
  return url ? (url.split('/').pop() ?? url) : null
}

/** One row per live marker of the lesson, in the order they were tapped. */
export function markerRows(records: MarkerCsvRecords, labels: MarkerCsvLabels, locale: Locale): CsvCell[][] {
  const clips = new Map(records.recordings.map((r) => [r.id, r]))
  const questions = new Map(records.helpQuestions.map((q) => [q.id, q.text]))
  return records.markers
    .filter(isLive)
    .sort((a, b) => a.tappedAt - b.tappedAt || a.id.localeCompare(b.id))
    .map((m) => {
      const clip = m.recordingId ? clips.get(m.recordingId) : undefined
      const cell = m.cell && cellLabels(records.template, m.cell, locale)
      const row: Record<MarkerColumn, CsvCell> = {
        kind: labels.kind[m.kind],
        tappedAt: clockText(m.tappedAt),
        clip: clip ? clip.clipIndex + 1 : null,
        file: fileName(clip?.cameraFileUrl ?? null),
        offsetSec: m.offsetSec,
        yaw: m.view?.yaw ?? null,
        pitch: m.view?.pitch ?? null,
        fov: m.view?.fov ?? null,
        cell: cell ? `${cell.row} – ${cell.column}` : null,
        helpQuestion: m.helpQuestionId ? (questions.get(m.helpQuestionId) ?? null) : null,
        note: m.note,
        chosen: m.chosen ? labels.yes : labels.no,
        // 1-based, as the coach counts the fragments of the nagesprek.
        order: m.chosen && m.chosenOrder !== null ? m.chosenOrder + 1 : null,
      }
      return MARKER_COLUMNS.map((c) => row[c])
    })
}

export function markersCsv(records: MarkerCsvRecords, labels: MarkerCsvLabels, locale: Locale, dialect: CsvDialect = DUTCH_EXCEL): string {
  return toCsv(MARKER_COLUMNS.map((c) => labels.columns[c]), markerRows(records, labels, locale), dialect)
}
