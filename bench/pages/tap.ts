import type { Marker, ViewDirection } from '../../src/domain/model'
import type { NewRecord } from '../../src/db/repository'

/** A Parel as the visit screen's tap writes it: no note yet, the view of the moment. */
export function pearlTap(lessonId: string, view: ViewDirection | null): NewRecord<Marker> {
  return {
    lessonId, kind: 'pearl', tappedAt: Date.now(), recordingId: null, offsetSec: null,
    view, cell: null, helpQuestionId: null, note: '', leadSec: 10, lagSec: 10,
    chosen: false, chosenOrder: null, origin: 'tap',
  }
}
