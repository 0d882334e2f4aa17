import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { v7 as uuid } from 'uuid'
import type { Camera } from '../camera'
import type { Marker, Recording, RecordingBytes, VideoFile } from '../domain/model'
import { markerWindows, mergeWindows, refitRecording, type ClipWindow } from '../domain/timing'
import { missingWindows } from '../domain/video'
import {
  checkSpace,
  countingSource,
  cameraSource,
  cutFragments,
  fragmentWritable,
  isMediaError,
  MediaError,
  readFile,
  removeFile,
  videoDuration,
  type ClipFacts,
  type MediaErrorCode,
} from '../media'
import { importInWorker } from '../workers/video-import'
import { useLiveQuery } from '../composables/useLiveQuery'
import { toCameraProblem, useCameraStore, type CameraProblem } from './camera'
import { placeLessonMarkers } from './marker-placement'
import { repositories } from '../db/app'
import { readCycleLesson } from './cycle-lesson'

export type ImportMode = 'fragments' | 'full'
export type ImportPhase = 'checking' | 'downloading' | 'cutting' | 'waiting' | 'paused' | 'done' | 'failed'

/** Why an import stopped, as a value the screen explains. */
export type ImportProblem =
  | { code: MediaErrorCode; needed?: number; free?: number }
  | { code: 'noFile' }
  | { code: 'camera'; camera: CameraProblem }

/** A running (or just ended) import of one recording, for the progress bar. */
export interface ImportJob {
  mode: ImportMode
  phase: ImportPhase
  /** Full import: bytes stored of `size`. Fragments: bytes fetched from the camera. */
  reached: number
  size: number
  bytesPerSec: number
  secondsLeft: number | null
  fragmentsDone: number
  fragmentsTotal: number
  /** The camera cannot send parts of a file (no Range): the whole file came instead. */
  fellBackToFull: boolean
  problem: ImportProblem | null
}

/** Windows this close together are cut as one: a small gap costs less than an extra fragment. */
const JOIN_GAP_SEC = 2
/** After a Wi-Fi drop, how long to keep trying before the coach is asked. */
const RECONNECT_FOR_MS = 120_000
const RECONNECT_EVERY_MS = 2_000

function rank(bytes: RecordingBytes): number {
  return ['none', 'fragments', 'full'].indexOf(bytes)
}

function toProblem(e: unknown): ImportProblem {
  if (isMediaError(e)) return { code: e.code, needed: e.needed, free: e.free }
  return { code: 'camera', camera: toCameraProblem(e) }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve() }, { once: true })
  })
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

  function open(id: string): void {
    if (cycleId.value !== id) cycleId.value = id
  }

  /** The merged marker windows of one recording (what "alleen fragmenten" fetches). */
  function windowsOf(recording: Recording, clips: readonly Recording[] = recordings.value, all: readonly Marker[] = markers.value): ClipWindow[] {
    return mergeWindows(markerWindows(all, clips), JOIN_GAP_SEC).windows.filter((w) => w.recordingId === recording.id)
  }

  function filesOf(recordingId: string): VideoFile[] {
    return files.value.filter((f) => f.recordingId === recordingId)
  }

  function isBusy(recordingId: string): boolean {
    const phase = jobs.get(recordingId)?.phase
    return phase === 'checking' || phase === 'downloading' || phase === 'cutting' || phase === 'waiting'
  }

  function newJob(mode: ImportMode): ImportJob {
    return { mode, phase: 'checking', reached: 0, size: 0, bytesPerSec: 0, secondsLeft: null, fragmentsDone: 0, fragmentsTotal: 0, fellBackToFull: false, problem: null }
  }

  /** Starts (or resumes) an import; resolves when it is done, paused or failed (see jobs). */
  async function importRecording(recordingId: string, mode: ImportMode): Promise<void> {
    if (isBusy(recordingId)) return
    jobs.set(recordingId, newJob(mode))
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
      if (mode === 'fragments') {
        try {
          await importFragments(cam, recording, job, pause.signal)
        } catch (e) {
          if (!isMediaError(e, 'noRange')) throw e
          job.fellBackToFull = true
          job.mode = 'full'
          await importWhole(cam, recording, job, pause.signal)
        }
      } else {
        await importWhole(cam, recording, job, pause.signal)
      }
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

  // ---- The whole file ---------------------------------------------------------------------------

  async function importWhole(cam: Camera, recording: Recording, job: ImportJob, signal: AbortSignal): Promise<void> {
    const repos = repositories()
    const url = recording.cameraFileUrl!
    const probe = await cam.probeFile(url, signal)
    if (probe.size === undefined) throw new MediaError('sizeMismatch')
    const size = probe.size
    const stored = (await repos.videoFiles.byRecordings([recording.id])).find((f) => f.kind === 'full')
    if (stored?.state === 'done') {
      job.phase = 'done'
      return
    }
    const now = Date.now()
    // Another size means another file under the same name: start over.
    const resumable = stored && stored.size === size
    const row: VideoFile = {
      id: stored?.id ?? uuid(),
      recordingId: recording.id,
      kind: 'full',
      name: stored?.name ?? `${recording.id}-full.mp4`,
      startSec: 0,
      endSec: recording.durationSec ?? 0,
      size,
      reached: resumable ? stored.reached : 0,
      crc: resumable ? stored.crc : 0,
      state: 'importing',
      createdAt: stored?.createdAt ?? now,
      updatedAt: now,
    }
    Object.assign(job, { size, reached: row.reached })
    await checkSpace(size - row.reached)
    await repos.videoFiles.put(row)

    job.phase = 'downloading'
    let lostSince: number | null = null
    for (;;) {
      try {
        const result = await importInWorker({
          name: row.name, size, reached: row.reached, crc: row.crc, signal,
          download: (start, linkSignal) => cam.download(url, { start }, linkSignal),
          onProgress: (p) => {
            Object.assign(job, { reached: p.reached, bytesPerSec: p.bytesPerSec, secondsLeft: p.secondsLeft })
            Object.assign(row, { reached: p.reached, crc: p.crc })
            void repos.videoFiles.update(row.id, { reached: p.reached, crc: p.crc })
          },
        })
        Object.assign(row, { reached: result.reached, crc: result.crc })
        if (result.state === 'paused') {
          await repos.videoFiles.update(row.id, { state: 'paused', reached: row.reached, crc: row.crc })
          job.phase = 'paused'
          return
        }
        break
      } catch (e) {
        if (!isMediaError(e, 'linkDropped') || signal.aborted) throw e
        row.reached = e.reached ?? row.reached
        await repos.videoFiles.update(row.id, { reached: row.reached, crc: row.crc })
        // The Wi-Fi dropped: go on from the byte reached as soon as the camera answers again.
        lostSince ??= Date.now()
        if (Date.now() - lostSince > RECONNECT_FOR_MS) throw e
        job.phase = 'waiting'
        await waitForCamera(cam, signal)
        if (signal.aborted) {
          await repos.videoFiles.update(row.id, { state: 'paused' })
          job.phase = 'paused'
          return
        }
        job.phase = 'downloading'
      }
    }

    // Verified: exactly the announced size, and a whole MP4 whose real length re-fits the markers.
    const file = await readFile(row.name)
    if (file.size !== size) throw new MediaError('sizeMismatch')
    const durationSec = await videoDuration(file)
    await repos.videoFiles.update(row.id, { state: 'done', endSec: durationSec, reached: size })
    await refit(recording.id, durationSec, 'full')
    job.phase = 'done'
  }

  async function waitForCamera(cam: Camera, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(RECONNECT_EVERY_MS, signal)
      try {
        await cam.state(signal)
        return
      } catch {
        // still gone
      }
    }
  }

  // ---- Only the fragments -----------------------------------------------------------------------

  async function importFragments(cam: Camera, recording: Recording, job: ImportJob, signal: AbortSignal): Promise<void> {
    const repos = repositories()
    const source = countingSource(await cameraSource(cam, recording.cameraFileUrl!, signal))
    job.size = source.size
    const windowsAfterRefit = async ({ durationSec, mediaBytes }: ClipFacts) => {
      const updated = await refit(recording.id, durationSec, 'none')
      const lessonId = recording.lessonId
      const [clips, all, stored] = await Promise.all([
        repos.recordings.byLesson(lessonId),
        repos.markers.byLesson(lessonId),
        repos.videoFiles.byRecordings([recording.id]),
      ])
      const windows = missingWindows(windowsOf(updated, clips, all), stored)
      // Room for the windows' share of the media data, a keyframe's lead and an index per fragment.
      const share = windows.reduce((sum, w) => sum + w.endSec - w.startSec, 0) / durationSec
      await checkSpace(Math.ceil(mediaBytes * share * 1.2 + windows.length * 1_000_000))
      job.fragmentsTotal = windows.length
      job.phase = 'cutting'
      return windows.map((w) => [w.startSec, w.endSec] as const)
    }

    const names: string[] = []
    const sink = (i: number) => {
      if (signal.aborted) throw new MediaError('linkDropped')
      names[i] = `${recording.id}-${uuid()}.mp4`
      return fragmentWritable(names[i]!)
    }
    const onProgress = setInterval(() => { job.reached = source.bytesFetched }, 250)
    try {
      await cutFragments(source, windowsAfterRefit, sink, {
        onCut: async (i, cut) => {
          const name = names[i]!
          const now = Date.now()
          const bytes = (await readFile(name)).size
          await repos.videoFiles.put({
            id: uuid(), recordingId: recording.id, kind: 'fragment', name, startSec: cut.startSec, endSec: cut.endSec,
            size: bytes, reached: bytes, crc: 0, state: 'done', createdAt: now, updatedAt: now,
          })
          job.fragmentsDone = i + 1
        },
      })
    } catch (e) {
      // A fragment cut off half-way has no row: remove its file so nothing half-written remains.
      const kept = new Set((await repos.videoFiles.byRecordings([recording.id])).map((f) => f.name))
      for (const name of names) if (name && !kept.has(name)) await removeFile(name).catch(() => undefined)
      if (signal.aborted) {
        job.phase = 'paused'
        return
      }
      throw e
    } finally {
      clearInterval(onProgress)
      job.reached = source.bytesFetched
    }
    const recordingNow = await repos.recordings.get(recording.id)
    if (recordingNow && rank(recordingNow.bytes) < rank('fragments')) await repos.recordings.update(recording.id, { bytes: 'fragments' })
    job.phase = 'done'
  }

  /** The clip's real length is known: its start is re-fitted, and its tapped markers follow. */
  async function refit(recordingId: string, durationSec: number, bytes: RecordingBytes): Promise<Recording> {
    const repos = repositories()
    const recording = (await repos.recordings.get(recordingId))!
    const fitted = refitRecording(recording, durationSec, Date.now())
    const updated = await repos.recordings.update(recordingId, {
      durationSec: fitted.durationSec,
      startedAt: fitted.startedAt,
      bytes: rank(bytes) > rank(recording.bytes) ? bytes : recording.bytes,
    })
    await placeLessonMarkers(recording.lessonId)
    return updated
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
