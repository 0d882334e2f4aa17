/**
 * Writes a full camera file into OPFS off the main thread. A SyncAccessHandle writes straight into the
 * file (measured ≈ 1.7× the main thread's createWritable here) and keeps what it wrote if the tab dies;
 * a createWritable keeps nothing until close(). The camera client fetches on the main thread and hands
 * over one chunk per `pull` (transferred, not copied): a few chunks in flight, so memory stays flat
 * however fast the camera sends (a transferred ReadableStream let 400 MB pile up in a 2 GB import).
 */
import { importFile, type ImportProgress } from '../media/import'
import { isMediaError, storageError } from '../media/errors'
import { VIDEO_FOLDER } from '../media/opfs'
import type { ImportJob, ImportReply } from './video-import.protocol'

// Worker-only API, missing from the DOM lib the app compiles against.
interface SyncAccessHandle {
  write(buffer: Uint8Array, options: { at: number }): number
  truncate(size: number): void
  getSize(): number
  flush(): void
  close(): void
}
type SyncFileHandle = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> }

/** Chunks asked for ahead of the writing: enough to keep the link busy, few enough to stay small. */
const CHUNKS_AHEAD = 4

// Flushed every so often: a tab that dies keeps its bytes anyway, a tablet that loses power keeps these.
const FLUSH_EVERY = 64 * 1024 * 1024

let handle: SyncAccessHandle | null = null
let pausing: AbortController | null = null
let last: ImportProgress | undefined

function post(reply: ImportReply): void {
  self.postMessage(reply)
}

function writableAt(at: number): WritableStream<Uint8Array> {
  const file = handle!
  file.truncate(at)
  let position = at
  let unflushed = 0
  return new WritableStream({
    write(chunk) {
      let done = 0
      while (done < chunk.byteLength) done += file.write(chunk.subarray(done), { at: position + done })
      position += chunk.byteLength
      unflushed += chunk.byteLength
      if (unflushed >= FLUSH_EVERY) {
        file.flush()
        unflushed = 0
      }
    },
    close() { file.flush() },
  })
}

let feed: ReadableStreamDefaultController<Uint8Array> | null = null
/** Settles the one pull in flight once its answer came, so the stream asks for no more meanwhile. */
let answered: (() => void) | null = null

function answer(give: (controller: ReadableStreamDefaultController<Uint8Array>) => void): void {
  try {
    if (feed) give(feed)
  } catch {
    // The body ended already (paused): a late chunk is dropped.
  }
  answered?.()
  answered = null
}

/** The body as the main thread hands it over; pausing ends it with an error (importFile then reports 'paused'). */
function pulledBody(signal: AbortSignal): ReadableStream<Uint8Array> {
  signal.addEventListener('abort', () => answer((body) => body.error(signal.reason)), { once: true })
  return new ReadableStream<Uint8Array>(
    {
      start(controller) { feed = controller },
      pull() {
        post({ kind: 'pull' })
        return new Promise<void>((resolve) => { answered = resolve })
      },
    },
    { highWaterMark: CHUNKS_AHEAD },
  )
}

async function run(job: Extract<ImportJob, { kind: 'run' }>): Promise<void> {
  pausing = new AbortController()
  last = undefined
  const signal = pausing.signal
  let reply: ImportReply
  try {
    const result = await importFile({
      size: job.size,
      reached: job.reached,
      crc: job.crc,
      signal,
      download: async () => pulledBody(signal),
      open: async (at) => writableAt(at),
      onProgress: (progress) => {
        last = progress
        post({ kind: 'progress', progress })
      },
    })
    reply = { kind: 'finished', result }
  } catch (e) {
    const code = isMediaError(e) ? e.code : 'linkDropped'
    // importFile's last progress report (after closing the file) carries the crc of what was kept.
    const kept = last as ImportProgress | undefined
    reply = { kind: 'failed', code, reached: kept?.reached ?? job.reached, crc: kept?.crc ?? job.crc }
  }
  // Closed before the answer: the main thread ends this worker on it, and a handle still open then
  // may lose its writes (seen with the in-memory OPFS of a private window: a resume started over).
  handle?.close()
  handle = null
  feed = null
  post(reply)
}

self.onmessage = async ({ data: job }: MessageEvent<ImportJob>) => {
  if (job.kind === 'prepare') {
    try {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(VIDEO_FOLDER, { create: true })
      handle?.close()
      handle = await ((await folder.getFileHandle(job.name, { create: true })) as SyncFileHandle).createSyncAccessHandle()
      post({ kind: 'prepared', stored: handle.getSize() })
    } catch (e) {
      post({ kind: 'failed', code: storageError(e).code, reached: 0, crc: 0 })
    }
  } else if (job.kind === 'run') {
    await run(job)
  } else if (job.kind === 'chunk') {
    answer((body) => body.enqueue(job.bytes))
  } else if (job.kind === 'end') {
    answer((body) => body.close())
  } else if (job.kind === 'broken') {
    // Ended, not errored: an errored stream would drop the chunks still queued here, unwritten.
    // importFile then finds the body short of `size` and reports linkDropped with all it wrote.
    answer((body) => body.close())
  } else {
    pausing?.abort()
  }
}
