// The messages between the main thread (video-import.ts) and video-import.worker.ts: types only,
// so neither side imports the other's code.
import type { MediaErrorCode } from '../media/errors'
import type { ImportProgress, ImportResult } from '../media/import'

export type ImportJob =
  /** Opens the file and says how many bytes it really holds (fewer than `reached` after a power cut). */
  | { kind: 'prepare'; name: string }
  | { kind: 'run'; size: number; reached: number; crc: number }
  /** The body, chunk by chunk as pulled; `end` after the last, `broken` when the link failed. */
  | { kind: 'chunk'; bytes: Uint8Array }
  | { kind: 'end' }
  | { kind: 'broken' }
  | { kind: 'pause' }

export type ImportReply =
  | { kind: 'prepared'; stored: number }
  /** Room for one more chunk. */
  | { kind: 'pull' }
  | { kind: 'progress'; progress: ImportProgress }
  | { kind: 'finished'; result: ImportResult }
  | { kind: 'failed'; code: MediaErrorCode; reached: number; crc: number }
