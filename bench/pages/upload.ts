/** The app's upload queue as the tablet runs it: a file in OPFS sent to the school server (this page's origin) with tus. */
import Dexie, { type Table } from 'dexie'
import type { VideoFile } from '../../src/domain/model'
import { crc32 } from '../../src/media/crc32'
import { readFile, removeFile } from '../../src/media/opfs'
import { createUploadQueue, UPLOADS_STORES, type UploadRow } from '../../src/sync/upload'

class BenchDb extends Dexie {
  uploads!: Table<UploadRow, string>
  videoFiles!: Table<VideoFile, string>
  constructor() {
    super('upload-bench')
    this.version(1).stores({ uploads: UPLOADS_STORES, videoFiles: 'id, recordingId' })
  }
}

/** Copies the file the bench put in the page's file input into OPFS, as an import would have; answers its CRC-32. */
async function store(name: string): Promise<{ size: number; crc: number }> {
  const file = (document.getElementById('file') as HTMLInputElement).files![0]!
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('video', { create: true })
  const writable = await (await dir.getFileHandle(name, { create: true })).createWritable()
  let crc = 0
  const reader = file.stream().getReader()
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    crc = crc32(r.value, crc)
    await writable.write(r.value)
  }
  await writable.close()
  return { size: file.size, crc }
}

async function upload(token: string): Promise<{ ms: number; state: string }> {
  const db = new BenchDb()
  await db.uploads.clear()
  const name = 'bench-upload.mp4'
  const { size, crc } = await store(name)
  const now = Date.now()
  await db.videoFiles.put({ id: 'bench-chromium', recordingId: 'bench-recording', kind: 'full', name, startSec: 0, endSec: 1, size, reached: size, crc, state: 'done', createdAt: now, updatedAt: now })
  const queue = createUploadQueue({
    uploads: db.uploads,
    videoFiles: {
      get: (id) => db.videoFiles.get(id),
      byRecordings: (ids) => db.videoFiles.where('recordingId').anyOf([...ids]).toArray(),
      remove: (id) => db.videoFiles.delete(id),
    },
    readFile,
    removeFile,
    scopeOf: async () => 'bench-coachee',
    server: async () => ({ url: location.origin, token: async () => token }),
  })
  await queue.choose('bench-recording', 'whole')
  const started = performance.now()
  await queue.run()
  const ms = performance.now() - started
  const state = (await db.uploads.get('bench-chromium'))?.state ?? 'missing'
  await removeFile(name)
  return { ms, state }
}

Object.assign(window, { bench: { upload } })
