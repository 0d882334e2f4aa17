import { acceptHMRUpdate, defineStore } from 'pinia'
import { reactive } from 'vue'
import type { VideoFile } from '../domain/model'
import { isMediaError, type MediaErrorCode } from '../media'
import { createImportEngine, mayDeleteFromCamera, newImportState, type ImportMode, type ImportState } from '../media/import-engine'
import { importInWorker } from '../workers/video-import'
import { toCameraProblem, useCameraStore, type CameraProblem } from './camera'
import { repositories } from '../db/app'

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
 * a closed tab) goes on from the byte it reached. The running imports outlive the screen (what the
 * screen shows of the lesson is useImportView).
 */
export const useMediaStore = defineStore('media', () => {
  const camera = useCameraStore()
  const jobs = reactive(new Map<string, ImportJob>())
  const pauses = new Map<string, AbortController>()
  const engine = createImportEngine({
    repos: repositories(),
    writeWhole: importInWorker,
    placeMarkers: (lessonId) => repositories().placeLessonMarkers(lessonId),
  })

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

  async function deleteFromCamera(recordingId: string): Promise<ImportProblem | null> {
    const repos = repositories()
    const recording = await repos.recordings.get(recordingId)
    if (!recording?.cameraFileUrl || !mayDeleteFromCamera(recording, await repos.videoFiles.byRecordings([recordingId]))) return { code: 'noFile' }
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
  function resumeInterrupted(files: readonly VideoFile[]): void {
    for (const file of files) {
      if (file.kind === 'full' && file.state === 'importing' && !jobs.has(file.recordingId)) void importRecording(file.recordingId, 'full')
    }
  }

  return {
    jobs, isBusy, importRecording, pauseImport, deleteFromCamera, resumeInterrupted,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useMediaStore, import.meta.hot))
