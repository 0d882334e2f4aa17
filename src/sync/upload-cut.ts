/**
 * The chosen fragments cut on the tablet out of the whole file it holds (mediabunny, as the import
 * cuts them over Range from the camera: src/media/fragments.ts), so a coach who fetched the whole
 * recording can still send only the fragments. Each cut is a fragment file like an imported one.
 */
import type { ClipWindow } from '../domain/timing'
import type { VideoFile } from '../domain/model'
import { cutFragments, type FragmentChunk } from '../media/fragments'
import type { ByteSource } from '../media/source'

export interface CutDeps {
  readFile(name: string): Promise<File>
  fragmentWritable(name: string): Promise<WritableStream<FragmentChunk>>
  removeFile(name: string): Promise<void>
  put(file: VideoFile): Promise<void>
  newId(): string
  now?: () => number
}

/** Random access to a file on the tablet: only the index and the windows' samples are read. */
export function fileSource(file: Blob): ByteSource {
  return { size: file.size, read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()) }
}

export function createWholeFileCutter(deps: CutDeps) {
  const now = deps.now ?? Date.now
  return async (whole: VideoFile, windows: readonly ClipWindow[]): Promise<VideoFile[]> => {
    const source = fileSource(await deps.readFile(whole.name))
    const names: string[] = []
    const made: VideoFile[] = []
    try {
      await cutFragments(source, windows.map((w) => [w.startSec, w.endSec] as const), (i) => {
        names[i] = `${whole.recordingId}-${deps.newId()}.mp4`
        return deps.fragmentWritable(names[i]!)
      }, {
        onCut: async (i, cut) => {
          const size = (await deps.readFile(names[i]!)).size
          const at = now()
          const file: VideoFile = {
            id: deps.newId(), recordingId: whole.recordingId, kind: 'fragment', name: names[i]!, startSec: whole.startSec + cut.startSec,
            endSec: whole.startSec + cut.endSec, size, reached: size, crc: 0, state: 'done', createdAt: at, updatedAt: at,
          }
          await deps.put(file)
          made.push(file)
        },
      })
    } catch (error) {
      // A cut that broke off leaves no half-written file behind.
      for (const name of names.filter((n) => n && !made.some((f) => f.name === n))) await deps.removeFile(name).catch(() => undefined)
      throw error
    }
    return made
  }
}
