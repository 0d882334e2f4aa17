import { createGlobalState } from '@vueuse/core'
import { ref } from 'vue'
import { getDb } from '../db/database'
import { StorageError } from '../db/repository'
import { AtRestError } from '../db/encryption'
import { appendErrorLog, errorEntry } from '../db/error-log'

/** What the coach is told: the kind picks a Dutch message that says what happened and what to do. */
export type NoticeKind = 'storageFull' | 'gone' | 'locked' | 'unreadable' | 'unexpected'

export interface Notice {
  kind: NoticeKind
  /** Grows with each notice, so the same kind twice is announced again. */
  id: number
}

/** A browser's (or Dexie's) full-storage error by name: IndexedDB, OPFS and Dexie use the same one. */
export function noticeKindOf(error: unknown): NoticeKind {
  const names = [error, (error as { inner?: unknown } | null)?.inner].map((e) => (e instanceof Error || e instanceof DOMException ? e.name : ''))
  if (names.some((n) => n === 'QuotaExceededError')) return 'storageFull'
  if (error instanceof StorageError) return 'gone'
  // Encryption at rest: read or written while locked, or sealed under another key.
  const atRest = [error, (error as { inner?: unknown } | null)?.inner].find((e) => e instanceof AtRestError)
  if (atRest) return atRest.code
  return 'unexpected'
}

/**
 * The app's one calm notice for a failure nobody else explained, and the device-local error log
 * behind it (Instellingen shows and exports it). Our own errors go here; a camera's go to its screen.
 */
export const useNotices = createGlobalState(() => {
  const current = ref<Notice | null>(null)
  let count = 0

  /** Logs `error` (where: `context`) and, unless `quiet`, tells the coach. Never throws. */
  async function report(error: unknown, context: string, { quiet = false } = {}): Promise<void> {
    console.error(`[${context}]`, error)
    if (!quiet) current.value = { kind: noticeKindOf(error), id: ++count }
    try {
      await appendErrorLog(getDb(), errorEntry(error, context, Date.now()))
    } catch (failed) {
      // The database itself is what failed (full, blocked): the console is all that is left.
      console.error('[error log]', failed)
    }
  }

  function dismiss(): void {
    current.value = null
  }

  return { current, report, dismiss }
})
