import type { Marker, Recording } from '../../domain/model'
import { formatDuration } from '../../i18n/format'

type Translate = (key: string, values?: Record<string, unknown>) => string

/** "deel 2 · 3:25", or "buiten opname" while no clip covers the tap. */
export function markerMoment(marker: Marker, recordings: readonly Recording[], t: Translate): string {
  const clip = recordings.find((r) => r.id === marker.recordingId)
  if (!clip || marker.offsetSec === null) return t('visit.outsideRecording')
  return `${t('visit.part', { number: clip.clipIndex + 1 })} · ${formatDuration(marker.offsetSec)}`
}
