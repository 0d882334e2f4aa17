// The main thread's side of video-import.worker.ts.
import { MediaError } from '../media/errors'
import type { ImportProgress, ImportResult } from '../media/import'
import type { ImportJob, ImportReply } from './video-import.protocol'

export interface WorkerImportOptions {
  /** The file's name in OPFS. */
  name: string
  size: number
  /** Bytes already stored by an earlier run, and their CRC-32. */
  reached: number
  crc: number
  /** The camera file from byte `start` on (the camera client's Range download). */
  download(start: number, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>
  onProgress?(progress: ImportProgress): void
  /** Aborting pauses: the import resolves 'paused' with what it kept. */
  signal?: AbortSignal
}

/**
 * A full import with the writing in a worker (see video-import.worker.ts). Rejects with a MediaError
 * whose `reached` (and the last onProgress's crc) say where to resume. A file that holds fewer bytes
 * than `reached` (a power cut before a flush) starts over rather than resume on a hole.
 */
export async function importInWorker(options: WorkerImportOptions): Promise<ImportResult> {
  const worker = new Worker(new URL('./video-import.worker.ts', import.meta.url), { type: 'module' })
  const replies: ImportReply[] = []
  let wake: (() => void) | null = null
  worker.onmessage = ({ data }: MessageEvent<ImportReply>) => {
    replies.push(data)
    wake?.()
  }
  const next = async (): Promise<ImportReply> => {
    while (replies.length === 0) await new Promise<void>((resolve) => { wake = resolve })
    return replies.shift()!
  }
  const send = (job: ImportJob, transfer: Transferable[] = []) => worker.postMessage(job, transfer)
  // A worker that cannot even start (its script failed) must not leave the import waiting forever.
  worker.onerror = (event) => {
    event.preventDefault()
    replies.push({ kind: 'failed', code: 'storageFailed', reached: options.reached, crc: options.crc })
    wake?.()
  }

  const link = new AbortController()
  let ahead: ReturnType<typeof readAhead> | undefined
  const pause = () => send({ kind: 'pause' })
  options.signal?.addEventListener('abort', pause, { once: true })
  try {
    send({ kind: 'prepare', name: options.name })
    const prepared = await next()
    if (prepared.kind === 'failed') throw new MediaError(prepared.code, { reached: options.reached })
    let { reached, crc } = options
    if (prepared.kind === 'prepared' && prepared.stored < reached) [reached, crc] = [0, 0]
    const paused = (): ImportResult => ({ reached, size: options.size, crc, bytesPerSec: 0, secondsLeft: null, state: 'paused' })
    if (options.signal?.aborted) return paused()

    let body: ReadableStream<Uint8Array>
    try {
      body = await options.download(reached, link.signal)
    } catch (e) {
      throw new MediaError('linkDropped', { reached, cause: e })
    }
    // Paused while the camera answered: the worker had nothing to stop yet.
    if (options.signal?.aborted) {
      await body.cancel()
      return paused()
    }
    send({ kind: 'run', size: options.size, reached, crc })
    ahead = readAhead(body, send)
    for (;;) {
      const reply = await next()
      if (reply.kind === 'pull') ahead.pull()
      else if (reply.kind === 'progress') options.onProgress?.(reply.progress)
      else if (reply.kind === 'finished') return reply.result
      else if (reply.kind === 'failed') throw new MediaError(reply.code, { reached: reply.reached })
    }
  } finally {
    options.signal?.removeEventListener('abort', pause)
    ahead?.stop()
    link.abort()
    worker.terminate()
  }
}

/** Bytes read from the camera and held here until the worker asks for them. */
const READ_AHEAD_BYTES = 8 * 1024 * 1024

/**
 * Reads the camera's body as fast as it comes (up to READ_AHEAD_BYTES held), and hands it over one
 * chunk per `pull`, in order, the buffer moved rather than copied. When the link breaks, a browser
 * drops what it received but the page had not read yet: a page that read only on the worker's pull
 * kept nothing of a cut-off import on a loaded tablet. What was read still goes to the worker before
 * `broken`, so every byte read is written before the drop is reported.
 */
function readAhead(body: ReadableStream<Uint8Array>, send: (job: ImportJob, transfer?: Transferable[]) => void) {
  const reader = body.getReader()
  const held: Uint8Array[] = []
  let heldBytes = 0
  let ended: 'end' | 'broken' | null = null
  let wanted = 0
  let room: (() => void) | null = null
  let stopped = false

  const deliver = (): void => {
    while (wanted > 0 && held.length > 0) {
      const bytes = held.shift()!
      heldBytes -= bytes.byteLength
      wanted -= 1
      send({ kind: 'chunk', bytes }, [bytes.buffer])
    }
    if (wanted > 0 && ended) {
      wanted -= 1
      send({ kind: ended })
    }
    room?.()
  }

  void (async () => {
    try {
      while (!stopped) {
        if (heldBytes >= READ_AHEAD_BYTES) {
          await new Promise<void>((resolve) => { room = resolve })
          room = null
          continue
        }
        const { done, value } = await reader.read()
        if (done) break
        held.push(value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice())
        heldBytes += value.byteLength
        deliver()
      }
      ended = 'end'
    } catch {
      ended = 'broken'
    }
    deliver()
  })()

  return {
    pull(): void {
      wanted += 1
      deliver()
    },
    stop(): void {
      stopped = true
      room?.()
      reader.cancel().catch(() => undefined)
    },
  }
}
