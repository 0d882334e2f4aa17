import * as v from 'valibot'
import type { Entity } from '../domain/model'
import { isDemoId } from '../domain/demo'
import {
  CURSOR_KEY,
  RECORD_TABLES,
  SCHEMA_VERSION,
  upgradeRecord,
  type RecordTableName,
  type RecordTables,
  type RondblikDb,
} from './database'
import { syncTables, writeStamped } from './repository'
import { recordSchemas } from './schemas'
import { decryptBackup, encryptBackup, isEncryptedBackup, type DecryptErrorCode } from './backup-crypto'

export const BACKUP_FORMAT = 'rondblik-backup'
export const BACKUP_VERSION = 1

/** Everything the coach made, tombstones included (so a deletion survives a restore); no outbox, no settings, no demo. */
export interface Backup {
  format: typeof BACKUP_FORMAT
  version: typeof BACKUP_VERSION
  /** ms since the epoch. */
  exportedAt: number
  schemaVersion: number
  tables: { [K in RecordTableName]: RecordTables[K][] }
}

export type ImportErrorCode = 'notJson' | 'foreignFile' | 'unsupportedVersion' | 'invalidRecord' | 'needsPassword' | DecryptErrorCode

export interface ImportError {
  code: ImportErrorCode
  table?: RecordTableName
  /** 0-based position of the bad record in its table. */
  index?: number
  /** Dotted path to the bad field, e.g. `view.yaw`. */
  path?: string
}

export type ImportResult =
  | { ok: true; added: number; updated: number; skipped: number }
  | { ok: false; error: ImportError }

type Tables = Backup['tables']

export async function exportBackup(db: RondblikDb, now: () => number = Date.now): Promise<Backup> {
  // One read transaction: a consistent snapshot even while the coach keeps tapping.
  const tables = await db.transaction('r', RECORD_TABLES.map((name) => db.table(name)), async () => {
    // The demo coachee is sample data the app brings itself: not the coach's, so not in their backup.
    const entries = await Promise.all(RECORD_TABLES.map(async (name) => [name, (await db.table<Entity>(name).toArray()).filter((row) => !isDemoId(row.id))] as const))
    return Object.fromEntries(entries) as Tables
  })
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now(), schemaVersion: SCHEMA_VERSION, tables }
}

/** The backup's JSON in pieces of one record each, so a big backup is never one huge string. */
export function* backupPieces(backup: Backup): Generator<string> {
  const { tables, ...head } = backup
  yield `${JSON.stringify(head).slice(0, -1)},"tables":{`
  for (const [t, name] of RECORD_TABLES.entries()) {
    yield `${t > 0 ? ',' : ''}${JSON.stringify(name)}:[`
    for (const [i, record] of tables[name].entries()) yield `${i > 0 ? ',\n' : '\n'}${JSON.stringify(record)}`
    yield ']'
  }
  yield '}}\n'
}

/** The export file: encrypted with the coach's backup password, or plain JSON when they chose so (null). */
export async function exportBackupFile(db: RondblikDb, password: string | null, now: () => number = Date.now): Promise<Blob> {
  const backup = await exportBackup(db, now)
  if (password === null) return new Blob([...backupPieces(backup)], { type: 'application/json' })
  return encryptBackup(backupPieces(backup), password)
}

/** Imports an export file; an encrypted one needs its password (`needsPassword` without one). */
export async function importBackupFile(db: RondblikDb, file: Blob, password?: string): Promise<ImportResult> {
  if (!(await isEncryptedBackup(file))) return importBackup(db, await file.text())
  if (password === undefined) return { ok: false, error: { code: 'needsPassword' } }
  const plain = await decryptBackup(file, password)
  return plain.ok ? importBackup(db, plain.text) : { ok: false, error: { code: plain.code } }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Parses and checks a whole backup file; nothing is written unless every record is valid. */
function readBackup(text: string): { ok: true; tables: Tables } | { ok: false; error: ImportError } {
  let file: unknown
  try {
    file = JSON.parse(text)
  } catch {
    return { ok: false, error: { code: 'notJson' } }
  }
  if (!isObject(file) || file.format !== BACKUP_FORMAT) return { ok: false, error: { code: 'foreignFile' } }
  const { version, schemaVersion, tables } = file
  if (version !== BACKUP_VERSION) return { ok: false, error: { code: 'unsupportedVersion' } }
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
    return { ok: false, error: { code: 'invalidRecord', path: 'schemaVersion' } }
  }
  // A newer app may have records this one cannot store faithfully.
  if (schemaVersion > SCHEMA_VERSION) return { ok: false, error: { code: 'unsupportedVersion' } }
  if (!isObject(tables)) return { ok: false, error: { code: 'invalidRecord', path: 'tables' } }

  const parsed: Partial<Record<RecordTableName, Entity[]>> = {}
  for (const table of RECORD_TABLES) {
    const rows = tables[table] ?? []
    if (!Array.isArray(rows)) return { ok: false, error: { code: 'invalidRecord', table } }
    const records: Entity[] = []
    for (const [index, row] of rows.entries()) {
      if (isObject(row)) upgradeRecord(table, row, schemaVersion)
      const result = v.safeParse(recordSchemas[table], row)
      if (!result.success) {
        return { ok: false, error: { code: 'invalidRecord', table, index, path: v.getDotPath(result.issues[0]) ?? undefined } }
      }
      records.push(result.output)
    }
    parsed[table] = records
  }
  return { ok: true, tables: parsed as Tables }
}

/** The newest version of each id in the file; older duplicates count as skipped. */
function newestById(records: readonly Entity[]): { records: Entity[]; duplicates: number } {
  const byId = new Map<string, Entity>()
  for (const record of records) {
    const seen = byId.get(record.id)
    if (!seen || record.updatedAt > seen.updatedAt) byId.set(record.id, record)
  }
  return { records: [...byId.values()], duplicates: records.length - byId.size }
}

/**
 * Merges a backup into the database in one transaction: a record is written only when it is new
 * or newer (larger updatedAt) than the stored one, stamped and in the outbox so the change syncs.
 */
export async function importBackup(db: RondblikDb, text: string): Promise<ImportResult> {
  const file = readBackup(text)
  if (!file.ok) return file

  const counts = { added: 0, updated: 0, skipped: 0 }
  await db.transaction('rw', [...RECORD_TABLES.map((name) => db.table(name)), ...syncTables(db)], async () => {
    for (const table of RECORD_TABLES) {
      const { records, duplicates } = newestById(file.tables[table])
      counts.skipped += duplicates
      const stored = await db.table<Entity, string>(table).bulkGet(records.map((record) => record.id))
      for (const [i, record] of records.entries()) {
        const current = stored[i]
        if (!current) counts.added += 1
        else if (record.updatedAt > current.updatedAt) counts.updated += 1
        else {
          counts.skipped += 1
          continue
        }
        await writeStamped(db, table, current, record, Date.now())
      }
    }
  })
  return { ok: true, ...counts }
}

/**
 * Clears every record table with its stamps, the outbox, refused changes and the video file rows in
 * one transaction (the caller removes the files themselves), and the sync cursor with them, so the
 * next sync of a signed-in tablet pulls everything back. Device settings (`meta`: language, camera
 * address, the account) stay: they are the tablet's, not the coach's data.
 */
export async function deleteAllData(db: RondblikDb): Promise<void> {
  const tables = [...RECORD_TABLES.map((name) => db.table(name)), db.outbox, db.stamps, db.rejections, db.videoFiles]
  await db.transaction('rw', [...tables, db.meta], () => Promise.all([...tables.map((table) => table.clear()), db.meta.delete(CURSOR_KEY)]))
}
