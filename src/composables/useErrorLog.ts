import { getDb } from '../db/database'
import { clearErrorLog, ERROR_LOG_MAX, readErrorLog, type ErrorLogEntry } from '../db/error-log'
import { useLiveQuery } from './useLiveQuery'
import { saveFile } from './saveFile'

/** The device's error log for Instellingen: shown, saved as a file for support, emptied. */
export function useErrorLog() {
  const entries = useLiveQuery<ErrorLogEntry[]>(() => readErrorLog(getDb()), undefined, [])

  /** A JSON file with the app's version and the browser, so support can read it without the tablet. */
  function save(name: string): void {
    const report = { app: __APP_VERSION__, userAgent: navigator.userAgent, savedAt: new Date().toISOString(), entries: entries.value ?? [] }
    saveFile(new Blob([JSON.stringify(report, null, 1)], { type: 'application/json' }), `${name}.json`)
  }

  return { entries, max: ERROR_LOG_MAX, save, clear: () => clearErrorLog(getDb()) }
}
