// Bringing one recording's video from the camera onto the tablet: only the marker windows or the
// whole file, resumed from the byte reached, waiting out a Wi-Fi drop. No Vue: the media store
// drives it and shows `job`; clock, sleep, ids and the full file's writer are injected.
import { v7 as uuid } from 'uuid'
import type { Camera } from '../camera'
import type { Repositories } from '../db/repositories'
import type { Marker, Recording, RecordingBytes, VideoFile } from '../domain/model'
import { markerWindows, mergeWindows, refitRecording, type ClipWindow } from '../domain/timing'
import { missingWindows } from '../domain/video'
import { isMediaError, MediaError } from './errors'
import { cutFragments, type ClipFacts } from './fragments'
import type { ImportProgress, ImportResult } from './import'
import { checkSpace, fragmentWritable, readFile, removeFile } from './opfs'
import { videoDuration } from './probe'
import { cameraSource, countingSource } from './source'

export type ImportMode = 'fragments' | 'full'
export type ImportPhase = 'checking' | 'downloading' | 'cutting' | 'waiting' | 'paused' | 'done' | 'failed'

/** Where an import of one recording stands, for the progress bar. */
export interface ImportState {
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
}

/** Writes a whole camera file from `reached` on (workers/video-import.ts in the app). */
export type WholeFileWriter = (options: {
  name: string
  size: number
  reached: number
  crc: number
  download(start: number, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>
  onProgress?(progress: ImportProgress): void
  signal?: AbortSignal
}) => Promise<ImportResult>

export interface ImportEngineDeps {
  repos: Repositories
  writeWhole: WholeFileWriter
  /** ms since the epoch */
  now?: () => number
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  newId?: () => string
  /** Places the lesson's markers anew once a clip's real length is known. */
  placeMarkers(lessonId: string): Promise<void>
}

/** Windows this close together are cut as one: a small gap costs less than an extra fragment. */
const JOIN_GAP_SEC = 2
/** After a Wi-Fi drop, how long to keep trying before the coach is asked. */
export const RECONNECT_FOR_MS = 120_000
export const RECONNECT_EVERY_MS = 2_000

function rank(bytes: RecordingBytes): number {
  return ['none', 'fragments', 'full'].indexOf(bytes)
}

function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve() }, { once: true })
  })
}

export function newImportState(mode: ImportMode): ImportState {
  return { mode, phase: 'checking', reached: 0, size: 0, bytesPerSec: 0, secondsLeft: null, fragmentsDone: 0, fragmentsTotal: 0, fellBackToFull: false }
}

/** The merged marker windows of one recording (what "alleen fragmenten" fetches). */
export function windowsOf(recording: Recording, clips: readonly Recording[], all: readonly Marker[]): ClipWindow[] {
  return mergeWindows(markerWindows(all, clips), JOIN_GAP_SEC).windows.filter((w) => w.recordingId === recording.id)
}

/** Only once the whole file is on the tablet and verified may the camera's copy go. */
export function mayDeleteFromCamera(recording: Recording, files: readonly VideoFile[]): boolean {
  return !recording.cameraFileDeletedAt && files.some((f) => f.recordingId === recording.id && f.kind === 'full' && f.state === 'done')
}

export function createImportEngine(deps: ImportEngineDeps) {
  const { repos, writeWhole } = deps
  const now = deps.now ?? Date.now
  const sleep = deps.sleep ?? sleepFor
  const newId = deps.newId ?? uuid

  /** Imports `recording` (its camera file known) into `job`; resolves done or paused, rejects on failure. */
  async function importRecording(cam: Camera, recording: Recording, job: ImportState, signal: AbortSignal): Promise<void> {
    if (job.mode === 'full') return importWhole(cam, recording, job, signal)
    try {
      await importFragments(cam, recording, job, signal)
    } catch (e) {
      if (!isMediaError(e, 'noRange')) throw e
      job.fellBackToFull = true
      job.mode = 'full'
      await importWhole(cam, recording, job, signal)
    }
  }

  // ---- The whole file ---------------------------------------------------------------------------

  async function importWhole(cam: Camera, recording: Recording, job: ImportState, signal: AbortSignal): Promise<void> {
    const url = recording.cameraFileUrl!
    const probe = await cam.probeFile(url, signal)
    if (probe.size === undefined) throw new MediaError('sizeMismatch')
    const size = probe.size
    const stored = (await repos.videoFiles.byRecordings([recording.id])).find((f) => f.kind === 'full')
    if (stored?.state === 'done') {
      job.phase = 'done'
      return
    }
    const at = now()
    // Another size means another file under the same name: start over.
    const resumable = stored && stored.size === size
    const row: VideoFile = {
      id: stored?.id ?? newId(),
      recordingId: recording.id,
      kind: 'full',
      name: stored?.name ?? `${recording.id}-full.mp4`,
      startSec: 0,
      endSec: recording.durationSec ?? 0,
      size,
      reached: resumable ? stored.reached : 0,
      crc: resumable ? stored.crc : 0,
      state: 'importing',
      createdAt: stored?.createdAt ?? at,
      updatedAt: at,
    }
    Object.assign(job, { size, reached: row.reached })
    await checkSpace(size - row.reached)
    await repos.videoFiles.put(row)

    job.phase = 'downloading'
    let lostSince: number | null = null
    for (;;) {
      try {
        const result = await writeWhole({
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
        lostSince ??= now()
        if (now() - lostSince > RECONNECT_FOR_MS) throw e
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

  async function importFragments(cam: Camera, recording: Recording, job: ImportState, signal: AbortSignal): Promise<void> {
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
      names[i] = `${recording.id}-${newId()}.mp4`
      return fragmentWritable(names[i]!)
    }
    const onProgress = setInterval(() => { job.reached = source.bytesFetched }, 250)
    try {
      await cutFragments(source, windowsAfterRefit, sink, {
        onCut: async (i, cut) => {
          const name = names[i]!
          const at = now()
          const bytes = (await readFile(name)).size
          await repos.videoFiles.put({
            id: newId(), recordingId: recording.id, kind: 'fragment', name, startSec: cut.startSec, endSec: cut.endSec,
            size: bytes, reached: bytes, crc: 0, state: 'done', createdAt: at, updatedAt: at,
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
    const recording = (await repos.recordings.get(recordingId))!
    const fitted = refitRecording(recording, durationSec, now())
    const updated = await repos.recordings.update(recordingId, {
      durationSec: fitted.durationSec,
      startedAt: fitted.startedAt,
      bytes: rank(bytes) > rank(recording.bytes) ? bytes : recording.bytes,
    })
    await deps.placeMarkers(recording.lessonId)
    return updated
  }

  return { importRecording }
}
