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
    const reader = body.getReader()
    let handing = Promise.resolve()
    // One chunk per pull, in order; the buffer moves to the worker instead of being copied.
    const handOver = async (): Promise<void> => {
      try {
        const { done, value } = await reader.read()
        if (done) return send({ kind: 'end' })
        const bytes = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice()
        send({ kind: 'chunk', bytes }, [bytes.buffer])
      } catch {
        send({ kind: 'broken' })
      }
    }
    for (;;) {
      const reply = await next()
      if (reply.kind === 'pull') handing = handing.then(handOver)
      else if (reply.kind === 'progress') options.onProgress?.(reply.progress)
      else if (reply.kind === 'finished') return reply.result
      else if (reply.kind === 'failed') throw new MediaError(reply.code, { reached: reply.reached })
    }
  } finally {
    options.signal?.removeEventListener('abort', pause)
    link.abort()
    worker.terminate()
  }
}
