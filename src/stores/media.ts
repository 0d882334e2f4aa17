import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { Marker, Recording, VideoFile } from '../domain/model'
import type { ClipWindow } from '../domain/timing'
import { isMediaError, type MediaErrorCode } from '../media'
import { createImportEngine, newImportState, windowsOf as windowsOfRecording, type ImportMode, type ImportState } from '../media/import-engine'
import { importInWorker } from '../workers/video-import'
import { useLiveQuery } from '../composables/useLiveQuery'
import { toCameraProblem, useCameraStore, type CameraProblem } from './camera'
import { repositories } from '../db/app'
import { readCycleLesson } from './cycle-lesson'

export type { ImportMode, ImportPhase } from '../media/import-engine'

/** Why an import stopped, as a value the screen explains. */
export type ImportProblem =
  | { code: MediaErrorCode; needed?: number; free?: number }
  | { code: 'noFile' }
  | { code: 'camera'; camera: CameraProblem }

/** A running (or just ended) import of one recording, for the progress bar. */
export type ImportJob = ImportState & { problem: ImportProblem | null }

function toProblem(e: unknown): ImportProblem {
  if (isMediaError(e)) return { code: e.code, needed: e.needed, free: e.free }
  return { code: 'camera', camera: toCameraProblem(e) }
}

/**
 * Bringing a lesson's video from the camera onto the tablet: per recording only the marker windows
 * (default) or the whole file. Progress is kept in the file's row, so an import that is cut off (Wi-Fi,
 * a closed tab) goes on from the byte it reached.
 */
export const useMediaStore = defineStore('media', () => {
  const camera = useCameraStore()
  const cycleId = ref<string | null>(null)

  const data = useLiveQuery(async () => {
    const id = cycleId.value
    if (!id) return undefined
    const lesson = await readCycleLesson(id)
    return { ...lesson, files: await repositories().videoFiles.byRecordings(lesson.recordings.map((r) => r.id)) }
  }, () => cycleId.value)

  const loaded = computed(() => data.value !== undefined)
  const lesson = computed(() => data.value?.lesson)
  const recordings = computed<Recording[]>(() => data.value?.recordings ?? [])
  const markers = computed<Marker[]>(() => data.value?.markers ?? [])
  const files = computed<VideoFile[]>(() => data.value?.files ?? [])
  const jobs = reactive(new Map<string, ImportJob>())
  const pauses = new Map<string, AbortController>()
  const engine = createImportEngine({
    repos: repositories(),
    writeWhole: importInWorker,
    placeMarkers: (lessonId) => repositories().placeLessonMarkers(lessonId),
  })

  function open(id: string): void {
    if (cycleId.value !== id) cycleId.value = id
  }

  /** The merged marker windows of one recording (what "alleen fragmenten" fetches). */
  function windowsOf(recording: Recording): ClipWindow[] {
    return windowsOfRecording(recording, recordings.value, markers.value)
  }

  function filesOf(recordingId: string): VideoFile[] {
    return files.value.filter((f) => f.recordingId === recordingId)
  }

  function isBusy(recordingId: string): boolean {
    const phase = jobs.get(recordingId)?.phase
    return phase === 'checking' || phase === 'downloading' || phase === 'cutting' || phase === 'waiting'
  }

  /** Starts (or resumes) an import; resolves when it is done, paused or failed (see jobs). */
  async function importRecording(recordingId: string, mode: ImportMode): Promise<void> {
    if (isBusy(recordingId)) return
    jobs.set(recordingId, { ...newImportState(mode), problem: null })
    const job = jobs.get(recordingId)!
    const pause = new AbortController()
    pauses.set(recordingId, pause)
    try {
      const recording = await repositories().recordings.get(recordingId)
      if (!recording?.cameraFileUrl || recording.cameraFileDeletedAt) {
        job.phase = 'failed'
        job.problem = { code: 'noFile' }
        return
      }
      const cam = await camera.connect()
      if (!cam) {
        job.phase = 'failed'
        job.problem = { code: 'camera', camera: camera.problem ?? { code: 'unreachable' } }
        return
      }
      await engine.importRecording(cam, recording, job, pause.signal)
    } catch (e) {
      job.phase = 'failed'
      job.problem = toProblem(e)
    } finally {
      pauses.delete(recordingId)
    }
  }

  function pauseImport(recordingId: string): void {
    pauses.get(recordingId)?.abort()
  }

  // ---- After the import -------------------------------------------------------------------------

  /** Only once the whole file is on the tablet and verified may the camera's copy go. */
  function canDeleteFromCamera(recording: Recording): boolean {
    return !recording.cameraFileDeletedAt && filesOf(recording.id).some((f) => f.kind === 'full' && f.state === 'done')
  }

  async function deleteFromCamera(recordingId: string): Promise<ImportProblem | null> {
    const recording = recordings.value.find((r) => r.id === recordingId)
    if (!recording?.cameraFileUrl || !canDeleteFromCamera(recording)) return { code: 'noFile' }
    const cam = await camera.connect()
    if (!cam) return { code: 'camera', camera: camera.problem ?? { code: 'unreachable' } }
    try {
      await cam.deleteFiles([recording.cameraFileUrl])
    } catch (e) {
      return toProblem(e)
    }
    await repositories().recordings.update(recordingId, { cameraFileDeletedAt: Date.now() })
    return null
  }

  /** Imports that a closed tab or a lost link cut off go on by themselves (a paused one waits for the coach). */
  function resumeInterrupted(): void {
    for (const file of files.value) {
      if (file.kind === 'full' && file.state === 'importing' && !jobs.has(file.recordingId)) void importRecording(file.recordingId, 'full')
    }
  }

  return {
    loaded, lesson, recordings, markers, files, jobs,
    open, windowsOf, filesOf, isBusy, importRecording, pauseImport, canDeleteFromCamera, deleteFromCamera, resumeInterrupted,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useMediaStore, import.meta.hot))
