import { MediaError } from './errors'
import type { FragmentChunk } from './fragments'

// Video bytes live in the Origin Private File System, not as Blobs in IndexedDB (ARCHITECTURE §5).
export const VIDEO_FOLDER = 'video'

async function folder(): Promise<FileSystemDirectoryHandle> {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(VIDEO_FOLDER, { create: true })
}

/** Refuses, before it starts, an import the tablet cannot hold. */
export async function checkSpace(needed: number): Promise<void> {
  const { quota = 0, usage = 0 } = await navigator.storage.estimate()
  const free = quota - usage
  if (needed > free) throw new MediaError('noSpace', { needed, free })
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
  await (await navigator.storage.getDirectory()).removeEntry(VIDEO_FOLDER, { recursive: true }).catch((e: unknown) => {
    if (!(e instanceof DOMException && e.name === 'NotFoundError')) throw e
  })
}
