// The device's own error log, for support: kept in `meta` (device-local, never synced, not in a
// backup), bounded so a fault that repeats cannot fill the tablet.
import type { RondblikDb } from './database'

export const ERROR_LOG_KEY = 'errorLog'
/** The newest entries kept; older ones fall off. */
export const ERROR_LOG_MAX = 200
const TEXT_MAX = 2000

export interface ErrorLogEntry {
  /** ms since the epoch */
  at: number
  /** Where it happened: a command's name, 'vue', 'unhandled', 'camera' … */
  context: string
  name: string
  message: string
  stack: string
}

/** An entry for any thrown value; texts cut to a size a log can hold. */
export function errorEntry(error: unknown, context: string, at: number): ErrorLogEntry {
  const e = error instanceof Error ? error : null
  const cut = (text: string) => (text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX)}…` : text)
  return {
    at,
    context,
    name: e?.name ?? typeof error,
    message: cut(e ? e.message : String(error)),
    stack: cut(e?.stack ?? ''),
  }
}

export async function readErrorLog(db: RondblikDb): Promise<ErrorLogEntry[]> {
  const row = await db.meta.get(ERROR_LOG_KEY)
  return Array.isArray(row?.value) ? (row.value as ErrorLogEntry[]) : []
}

/** Adds an entry in one transaction (two tabs may log at once), keeping the newest ERROR_LOG_MAX. */
export function appendErrorLog(db: RondblikDb, entry: ErrorLogEntry): Promise<void> {
  return db.transaction('rw', db.meta, async () => {
    const log = await readErrorLog(db)
    await db.meta.put({ key: ERROR_LOG_KEY, value: [...log, entry].slice(-ERROR_LOG_MAX) })
  })
}

export async function clearErrorLog(db: RondblikDb): Promise<void> {
  await db.meta.delete(ERROR_LOG_KEY)
}
