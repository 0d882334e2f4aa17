/**
 * The tablet's video upload queue: the files the coach chose per recording (its fragments or the whole
 * file) go to the school server with tus, one at a time, read from OPFS in pieces of ten S3 parts.
 * The upload URL is kept in Dexie, so a reload or a lost link resumes from the server's offset; a stall
 * watchdog restarts a request that stopped moving (tus-js-client has no timeout). Only an upload the
 * server verified (size and CRC-32) may free the tablet's copy.
 */
import type { Table } from 'dexie'
import { Upload, type DetailedError, type HttpRequest } from 'tus-js-client'
import type { Marker, VideoFile } from '../domain/model'
import { markerWindows, mergeWindows, type ClipTimes, type ClipWindow } from '../domain/timing'
import { missingWindows } from '../domain/video'
import { crc32 } from '../media/crc32'
import { UPLOAD_CHUNK_BYTES, UPLOAD_PATH, type Asset, type ErrorCode, type UploadMetadata } from './protocol'
import { progressMeter, type UploadProgress } from './upload-progress'

export type UploadChoice = 'fragments' | 'whole'
/** 'waiting': the server or the link is gone; the next run goes on from the server's offset. */
export type UploadState = 'queued' | 'uploading' | 'waiting' | 'verified' | 'failed'
export type UploadErrorCode = 'uploadMismatch' | 'forbidden' | 'storageFull' | 'deviceRevoked' | 'fileMissing' | 'unreachable'

/** One file on its way to the server; device-local (the Dexie `uploads` table), never synced. */
export interface UploadRow {
  /** The video file's id, and the asset's id on the server. */
  id: string
  recordingId: string
  scope: string
  kind: UploadMetadata['kind']
  /** The stretch of the recording the file holds (VideoFile's), so another device can place it. */
  startSec: number
  endSec: number
  size: number
  crc32: number
  /** The tus upload on the server, once created: a new run resumes it instead of starting over. */
  uploadUrl: string | null
  /** Bytes the server has confirmed. */
  sent: number
  state: UploadState
  error: UploadErrorCode | null
  /** When the tablet's copy was removed after verification. */
  freedAt: number | null
  createdAt: number
  updatedAt: number
}

/** Dexie stores for the `uploads` table: `id, recordingId, state`. */
export const UPLOADS_STORES = 'id, recordingId, state'

export interface UploadServer {
  /** The school server's origin, e.g. https://rondblik.school.nl */
  url: string
  /** A valid access token (refreshed when needed). */
  token(): Promise<string>
}

/**
 * What "the fragments" of a recording are: the windows of the markers chosen for the nagesprek, or of
 * every marker while none is chosen yet; merged, so a second is sent once.
 */
export function fragmentWindows(markers: readonly Marker[], clips: readonly ClipTimes[], recordingId: string): ClipWindow[] {
  const own = markers.filter((m) => m.recordingId === recordingId)
  const chosen = own.filter((m) => m.chosen)
  return mergeWindows(markerWindows(chosen.length ? chosen : own, clips)).windows
}

export interface UploadDeps {
  uploads: Table<UploadRow, string>
  videoFiles: {
    get(id: string): Promise<VideoFile | undefined>
    byRecordings(recordingIds: readonly string[]): Promise<VideoFile[]>
    remove(id: string): Promise<void>
  }
  readFile(name: string): Promise<File>
  removeFile(name: string): Promise<void>
  /** The coachee a recording belongs to: the scope the server checks against the coach's grants. */
  scopeOf(recordingId: string): Promise<string>
  /** Where to upload; null while the coach is not signed in. */
  server(): Promise<UploadServer | null>
  /** Cuts windows the tablet holds no fragment of out of its whole file, as new fragment files (src/sync/upload-cut.ts). */
  cutFromWhole?: (whole: VideoFile, windows: readonly ClipWindow[]) => Promise<VideoFile[]>
  /** What tus-js-client reads: the browser's client takes the File as it is (Node's wants a Buffer: tests). */
  tusSource?: (file: File) => Promise<unknown>
  /** No progress for this long: the request is abandoned and resumed. */
  stallMs?: number
  /** Waits between tries while the server cannot be reached. */
  retryDelaysMs?: readonly number[]
  now?: () => number
}

const FRAME_SLACK_SEC = 0.1
// Whole S3 parts per PATCH (the store never parks a short part between requests), and ten of them:
// Chromium's cost per request made 5 MB PATCHes 5× slower than curl, 50 MB ones 2× (npm run bench upload).
const CHUNK_BYTES = 10 * UPLOAD_CHUNK_BYTES
// Well above @tus/server's lock drain (3 s), which the request after a stalled one waits out.
const STALL_MS = 30_000
const RETRY_DELAYS_MS = [1_000, 3_000, 10_000, 30_000]
/** Codes that end an upload (until the coach tries again); everything else waits and resumes. */
const FINAL: Partial<Record<ErrorCode, UploadErrorCode>> = {
  uploadMismatch: 'uploadMismatch',
  forbidden: 'forbidden',
  storageFull: 'storageFull',
  deviceRevoked: 'deviceRevoked',
  userDisabled: 'deviceRevoked',
}

class Stalled extends Error {}

function serverCode(error: unknown): ErrorCode | undefined {
  const body = (error as DetailedError).originalResponse?.getBody()
  try {
    return (JSON.parse(body ?? '') as { error?: { code?: ErrorCode } }).error?.code
  } catch {
    return undefined
  }
}

/** Resolves true after `ms`, false at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(!signal.aborted), ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve(false)), { once: true })
  })
}

async function crcOf(file: File): Promise<number> {
  let crc = 0
  const reader = file.stream().getReader()
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) crc = crc32(chunk.value, crc)
  return crc
}

export function createUploadQueue(deps: UploadDeps) {
  const { uploads, now = Date.now } = deps
  const stallMs = deps.stallMs ?? STALL_MS
  const retryDelays = deps.retryDelaysMs ?? RETRY_DELAYS_MS
  const listeners = new Set<(progress: UploadProgress) => void>()
  let running: Promise<void> | null = null
  let stopping: AbortController | null = null

  const update = (id: string, changes: Partial<UploadRow>) => uploads.update(id, { ...changes, updatedAt: now() })

  /** One tus run from the stored URL (or a new upload); rejects with Stalled when the bytes stop moving. */
  function send(row: UploadRow, source: unknown, server: UploadServer, signal: AbortSignal): Promise<void> {
    // Kept here as well as in Dexie: tus-js-client does not wait for the write before it goes on.
    return new Promise<void>((resolve, reject) => {
      const meter = progressMeter(row.size)
      let lastMoved = now()
      const metadata: UploadMetadata = {
        assetId: row.id, recordingId: row.recordingId, scope: row.scope, kind: row.kind,
        startSec: row.startSec.toFixed(3), endSec: row.endSec.toFixed(3), size: String(row.size), crc32: String(row.crc32),
      }
      const upload = new Upload(source as File, {
        endpoint: `${server.url}${UPLOAD_PATH}`,
        uploadUrl: row.uploadUrl,
        uploadSize: row.size,
        chunkSize: CHUNK_BYTES,
        metadata,
        // The URL lives in Dexie beside the row, not in tus-js-client's localStorage.
        storeFingerprintForResuming: false,
        // Retried by uploadOne, from the server's offset, with the coach's state shown meanwhile.
        retryDelays: null,
        onBeforeRequest: async (req: HttpRequest) => req.setHeader('Authorization', `Bearer ${await server.token()}`),
        onUploadUrlAvailable: () => {
          row.uploadUrl = upload.url
          void update(row.id, { uploadUrl: upload.url })
        },
        onProgress: (sent) => {
          lastMoved = now()
          for (const listener of listeners) listener({ id: row.id, ...meter.add(lastMoved, sent) })
        },
        onChunkComplete: (_size, accepted) => {
          row.sent = accepted
          void update(row.id, { sent: accepted })
        },
        onSuccess: () => finish(() => resolve()),
        onError: (error) => finish(() => reject(error)),
      })
      const watchdog = setInterval(() => {
        if (now() - lastMoved > stallMs) finish(() => reject(new Stalled()), true)
      }, Math.max(stallMs / 4, 50))
      const onAbort = () => finish(() => reject(new Stalled()), true)
      signal.addEventListener('abort', onAbort)
      let finished = false
      function finish(settle: () => void, abort = false) {
        if (finished) return
        finished = true
        clearInterval(watchdog)
        signal.removeEventListener('abort', onAbort)
        if (abort) void upload.abort()
        settle()
      }
      upload.start()
    })
  }

  /** Asks the server whether it verified the asset (it checks a finished upload it never checked). */
  async function verified(row: UploadRow, server: UploadServer): Promise<Asset['status'] | undefined> {
    const res = await fetch(`${server.url}/api/video/assets/${encodeURIComponent(row.id)}`, { headers: { Authorization: `Bearer ${await server.token()}` } })
    return res.ok ? ((await res.json()) as Asset).status : undefined
  }

  async function uploadOne(row: UploadRow, server: UploadServer, signal: AbortSignal): Promise<'next' | 'stop'> {
    const file = await deps.videoFiles.get(row.id)
    const bytes = file && (await deps.readFile(file.name).catch(() => undefined))
    if (!bytes) {
      await update(row.id, { state: 'failed', error: 'fileMissing' })
      return 'next'
    }
    const source = deps.tusSource ? await deps.tusSource(bytes) : bytes
    const current = { ...row }
    await update(row.id, { state: 'uploading', error: null })
    for (let attempt = 0; ; attempt++) {
      const before = current.sent
      try {
        await send(current, source, server, signal)
        const status = await verified(row, server)
        if (status === 'verified') {
          await update(row.id, { state: 'verified', sent: row.size, error: null })
          return 'next'
        }
        if (status === 'failed') {
          await update(row.id, { state: 'failed', error: 'uploadMismatch', uploadUrl: null, sent: 0 })
          return 'next'
        }
      } catch (error) {
        const code = error instanceof Stalled ? undefined : serverCode(error)
        const final = code && FINAL[code]
        if (final && !signal.aborted) {
          // A mismatch is dropped on the server: a new try starts a new upload.
          await update(row.id, { state: 'failed', error: final, ...(final === 'uploadMismatch' ? { uploadUrl: null, sent: 0 } : {}) })
          return final === 'deviceRevoked' ? 'stop' : 'next'
        }
      }
      if (signal.aborted) {
        await update(row.id, { state: 'queued', error: null })
        return 'stop'
      }
      // Every code not final (no answer, 5xx, an expired token fetched anew by onBeforeRequest) is tried
      // again from the server's offset; a try that got bytes through starts the delays over.
      if (current.sent > before) attempt = 0
      await update(row.id, { state: 'waiting', error: 'unreachable' })
      if (attempt >= retryDelays.length || !(await sleep(retryDelays[attempt]!, signal))) return 'stop'
      await update(row.id, { state: 'uploading' })
    }
  }

  async function drain(signal: AbortSignal): Promise<void> {
    const server = await deps.server()
    if (!server) return
    for (;;) {
      const [next] = (await uploads.where('state').anyOf(['queued', 'uploading', 'waiting']).toArray()).sort((a, b) => a.createdAt - b.createdAt)
      if (!next || signal.aborted) return
      if ((await uploadOne(next, server, signal)) === 'stop') return
    }
  }

  return {
    /**
     * Queues what the coach chose for a recording: its whole file, or the fragment files holding
     * `windows` (fragmentWindows; all fragment files without them), cut from the whole file first where
     * the tablet has no fragment yet. Rows of the other choice the server does not hold yet are dropped;
     * what is verified stays.
     */
    async choose(recordingId: string, choice: UploadChoice, windows: readonly ClipWindow[] = []): Promise<UploadRow[]> {
      const files = (await deps.videoFiles.byRecordings([recordingId])).filter((f) => f.state === 'done')
      const whole = files.find((f) => f.kind === 'full')
      let picked = files.filter((f) => f.kind === (choice === 'whole' ? 'full' : 'fragment'))
      if (choice === 'fragments' && windows.length) {
        // A cut ends on a frame, and nothing is cut past the whole file's end: that much short is covered.
        const reach = whole?.endSec ?? Infinity
        const missing = windows.filter((w) => missingWindows([{ ...w, endSec: Math.min(w.endSec, reach) - FRAME_SLACK_SEC }], picked).length)
        if (missing.length && whole && deps.cutFromWhole) picked = [...picked, ...(await deps.cutFromWhole(whole, missing))]
        picked = picked.filter((f) => windows.some((w) => f.startSec < w.endSec && f.endSec > w.startSec))
      }
      const rows = await uploads.where('recordingId').equals(recordingId).toArray()
      const chosen = new Set(picked.map((f) => f.id))
      await uploads.bulkDelete(rows.filter((r) => !chosen.has(r.id) && r.state !== 'verified').map((r) => r.id))
      const scope = await deps.scopeOf(recordingId)
      for (const file of picked) {
        if (rows.some((r) => r.id === file.id && r.state !== 'failed')) continue
        // A full import's CRC is kept as it downloads; a fragment's is taken now from its bytes.
        const crc = file.kind === 'full' ? file.crc : await crcOf(await deps.readFile(file.name))
        await uploads.put({
          id: file.id, recordingId, scope, kind: file.kind === 'full' ? 'whole' : 'fragment', startSec: file.startSec, endSec: file.endSec, size: file.size, crc32: crc,
          uploadUrl: rows.find((r) => r.id === file.id)?.uploadUrl ?? null, sent: 0, state: 'queued', error: null, freedAt: null, createdAt: now(), updatedAt: now(),
        })
      }
      return uploads.where('recordingId').equals(recordingId).toArray()
    },

    /** Uploads what is queued, one file at a time, until done, stopped or the server is out of reach. One run at a time. */
    run(): Promise<void> {
      if (running) return running
      stopping = new AbortController()
      running = drain(stopping.signal).finally(() => {
        running = null
      })
      return running
    },

    /** Stops the upload in flight (it resumes from the server's offset on the next run). */
    async stop(): Promise<void> {
      stopping?.abort()
      await running
    },

    /** Removes the tablet's copy of a file the server verified; anything else is refused. */
    async freeSpace(id: string): Promise<boolean> {
      const row = await uploads.get(id)
      if (row?.state !== 'verified' || row.freedAt !== null) return false
      const file = await deps.videoFiles.get(id)
      if (file) {
        await deps.removeFile(file.name)
        await deps.videoFiles.remove(id)
      }
      await update(id, { freedAt: now() })
      return true
    },

    onProgress(listener: (progress: UploadProgress) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
export type UploadQueue = ReturnType<typeof createUploadQueue>
