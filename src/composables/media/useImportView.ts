import { computed } from 'vue'
import type { Marker, Recording, VideoFile } from '../../domain/model'
import type { ClipWindow } from '../../domain/timing'
import { mayDeleteFromCamera, windowsOf } from '../../media/import-engine'
import { repositories } from '../../db/app'
import { useLiveQuery } from '../useLiveQuery'
import { readCycleLesson } from '../coaching/cycle-lesson'

/** What the import screen shows of one cycle's class visit, live: its recordings, their markers and what the tablet holds. */
export function useImportView(cycleId: () => string) {
  const data = useLiveQuery(async () => {
    const lesson = await readCycleLesson(cycleId())
    return { ...lesson, files: await repositories().videoFiles.byRecordings(lesson.recordings.map((r) => r.id)) }
  }, cycleId)

  const recordings = computed<Recording[]>(() => data.value?.recordings ?? [])
  const markers = computed<Marker[]>(() => data.value?.markers ?? [])
  const files = computed<VideoFile[]>(() => data.value?.files ?? [])

  return {
    loaded: computed(() => data.value !== undefined),
    lesson: computed(() => data.value?.lesson),
    recordings,
    files,
    /** How many markers fall in each recording. */
    markerCounts: computed(() => {
      const counts = new Map<string, number>()
      for (const m of markers.value) if (m.recordingId) counts.set(m.recordingId, (counts.get(m.recordingId) ?? 0) + 1)
      return counts
    }),
    /** The merged marker windows of one recording (what "alleen fragmenten" fetches). */
    windowsOf: (recording: Recording): ClipWindow[] => windowsOf(recording, recordings.value, markers.value),
    filesOf: (recordingId: string): VideoFile[] => files.value.filter((f) => f.recordingId === recordingId),
    canDeleteFromCamera: (recording: Recording) => mayDeleteFromCamera(recording, files.value),
  }
}
