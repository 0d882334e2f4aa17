import { MediaError } from './errors'
import type { FragmentChunk } from './fragments'

// Video bytes live in the Origin Private File System, not as Blobs in IndexedDB (ARCHITECTURE §5).
const FOLDER = 'video'

async function folder(): Promise<FileSystemDirectoryHandle> {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create: true })
}

/** Refuses, before it starts, an import the tablet cannot hold. */
export async function checkSpace(needed: number): Promise<void> {
  const { quota = 0, usage = 0 } = await navigator.storage.estimate()
  const free = quota - usage
  if (needed > free) throw new MediaError('noSpace', { needed, free })
}

/**
 * A writable on `name` from byte `at` on, dropping anything past `at` (bytes of a broken run that
 * were never counted as reached). For importFile's `open`.
 */
export async function openAt(name: string, at: number): Promise<WritableStream<Uint8Array>> {
  const handle = await (await folder()).getFileHandle(name, { create: true })
  // keepExistingData: Chromium writes to a copy and swaps it in on close(); without it a resume starts empty.
  const writable = await handle.createWritable({ keepExistingData: true })
  await writable.truncate(at)
  await writable.seek(at)
  return writable as WritableStream<Uint8Array>
}

/** A fresh file for one fragment; it takes cutFragments' positional writes as they are. */
export async function fragmentWritable(name: string): Promise<WritableStream<FragmentChunk>> {
  const handle = await (await folder()).getFileHandle(name, { create: true })
  return (await handle.createWritable()) as WritableStream<FragmentChunk>
}

export async function readFile(name: string): Promise<File> {
  return (await (await folder()).getFileHandle(name)).getFile()
}

export async function removeFile(name: string): Promise<void> {
  await (await folder()).removeEntry(name)
}

/** Every video file on the tablet, e.g. when the coach deletes all data. */
export async function removeAllFiles(): Promise<void> {
  await (await navigator.storage.getDirectory()).removeEntry(FOLDER, { recursive: true }).catch((e: unknown) => {
    if (!(e instanceof DOMException && e.name === 'NotFoundError')) throw e
  })
}
