import { MediaError, isMediaError, storageError } from './errors'
import { crc32 } from './crc32'

/** Where a full import stands; keep `reached` and `crc` (e.g. in the recording's Dexie row) to resume. */
export interface ImportProgress {
  reached: number
  size: number
  crc: number
  /** Mean speed of this run, bytes per second. */
  bytesPerSec: number
  /** null until a speed is known. */
  secondsLeft: number | null
}

export interface ImportOptions {
  /** The size the camera announced (probeFile); the import ends exactly there. */
  size: number
  /** Bytes already stored from an earlier run, and their CRC-32. */
  reached?: number
  crc?: number
  /** The file from byte `start` on, e.g. `(start, signal) => camera.download(url, { start }, signal)`. */
  download(start: number, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>>
  /** A writable positioned at `at`, with anything stored past `at` dropped (see opfs.ts). */
  open(at: number): Promise<WritableStream<Uint8Array>>
  onProgress?(progress: ImportProgress): void
  /** Aborting pauses: the import resolves with what it reached. */
  signal?: AbortSignal
  now?: () => number
}

export type ImportResult = ImportProgress & { state: 'done' | 'paused' }

const PROGRESS_EVERY_MS = 250

/**
 * Streams the camera file into storage chunk by chunk (never whole in memory). A dropped link rejects
 * with `linkDropped` and the `reached` to resume from (the last onProgress also carries its `crc`);
 * more bytes than announced reject with `sizeMismatch`.
 */
export async function importFile(options: ImportOptions): Promise<ImportResult> {
  const { size, signal, now = () => performance.now() } = options
  const startedAt = now()
  const from = options.reached ?? 0
  let reached = from
  let crc = options.crc ?? 0
  let lastReport = -Infinity

  const progress = (): ImportProgress => {
    const seconds = (now() - startedAt) / 1000
    const bytesPerSec = seconds > 0 ? (reached - from) / seconds : 0
    return { reached, size, crc, bytesPerSec, secondsLeft: bytesPerSec > 0 ? (size - reached) / bytesPerSec : null }
  }
  const report = (force: boolean) => {
    if (!options.onProgress || (!force && now() - lastReport < PROGRESS_EVERY_MS)) return
    lastReport = now()
    options.onProgress(progress())
  }

  const writer = (await options.open(reached)).getWriter()
  try {
    if (reached < size) {
      const body = await options.download(reached, signal)
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        if (reached + chunk.byteLength > size) throw new MediaError('sizeMismatch', { reached })
        await writer.write(chunk).catch((e: unknown) => { throw storageError(e, reached) })
        crc = crc32(chunk, crc)
        reached += chunk.byteLength
        report(false)
      }
    }
  } catch (e) {
    if (!signal?.aborted) throw isMediaError(e) ? e : new MediaError('linkDropped', { reached, cause: e })
  } finally {
    // Closing (not aborting) keeps what was written: an OPFS writable commits only on close.
    await writer.close()
    report(true)
  }
  if (signal?.aborted) return { ...progress(), state: 'paused' }
  if (reached < size) throw new MediaError('linkDropped', { reached })
  return { ...progress(), state: 'done' }
}
