import Dexie, { type IndexableType, type Table } from 'dexie'
import { v7 as uuidv7 } from 'uuid'
import type { Entity } from '../domain/model'
import { isLive } from '../domain/entity'
import { isDemoId } from '../domain/demo'
import { createHlcClock } from '../domain/hlc'
import { HLC_KEY, SCOPE_SOURCE, type HlcState, type RecordTableName, type RecordTables, type RondblikDb, type StampedValue, type StampRow } from './database'

/** What a caller supplies for a new record: everything but the bookkeeping fields. */
export type NewRecord<T extends Entity> = Omit<T, keyof Entity>
export type RecordPatch<T extends Entity> = Partial<NewRecord<T>>

/** The names of the tables whose records are (a subtype of) T. */
export type TableOf<T extends Entity> = {
  [K in RecordTableName]: RecordTables[K] extends T ? K : never
}[RecordTableName]

export interface RepositoryOptions {
  /** Injectable for tests; ms since the epoch. */
  now?: () => number
  newId?: () => string
}

export type StorageErrorCode = 'notFound' | 'deleted'

/** Thrown when a write names a record that is not there (or only as a tombstone). */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly table: RecordTableName,
    readonly recordId: string,
  ) {
    super(`${code}: ${table}/${recordId}`)
    this.name = 'StorageError'
  }
}

export interface Repository<T extends Entity> {
  /** The record, or undefined when missing or tombstoned (unless `includeDeleted`). */
  get(id: string, opts?: { includeDeleted?: boolean }): Promise<T | undefined>
  create(input: NewRecord<T>, opts?: { id?: string }): Promise<T>
  update(id: string, patch: RecordPatch<T>): Promise<T>
  /** Tombstones the record: it stays stored (for sync and undo) but leaves every query. */
  remove(id: string): Promise<void>
  restore(id: string): Promise<T>
  /** Live records whose `index` equals `value`, in primary-key (= creation) order. */
  where(index: string, value: IndexableType): Promise<T[]>
  /** Live records with `field` = value, sorted by `orderBy`, read from the `[field+orderBy]` index. */
  ordered(field: string, value: IndexableType, orderBy: string): Promise<T[]>
  /** Every live record. */
  all(): Promise<T[]>
}

export function createRepository<T extends Entity>(
  db: RondblikDb,
  tableName: TableOf<T>,
  options: RepositoryOptions = {},
): Repository<T> {
  const now = options.now ?? Date.now
  const newId = options.newId ?? uuidv7
  const table = db.table(tableName) as Table<T, string>

  /**
   * Reads, changes and writes back the record with its stamps and outbox row in one transaction, so
   * a concurrent write can't be lost; resolves once committed. `apply` returns undefined for no change.
   */
  function change(id: string, apply: (record: T, at: number) => T | undefined): Promise<T> {
    return db.transaction('rw', [table, ...syncTables(db)], async () => {
      const record = await table.get(id)
      if (!record) throw new StorageError('notFound', tableName, id)
      // Strictly later than the stored version, so a merge or sync sees every change as newer.
      const wall = now()
      const changed = apply(record, Math.max(wall, record.updatedAt + 1))
      if (changed) await writeStamped(db, tableName, record, changed, wall)
      return changed ?? record
    })
  }

  function requireLive(record: T): T {
    if (!isLive(record)) throw new StorageError('deleted', tableName, record.id)
    return record
  }

  return {
    async get(id, opts) {
      const record = await table.get(id)
      return record && (opts?.includeDeleted || isLive(record)) ? record : undefined
    },

    create(input, opts) {
      const at = now()
      const record = { ...input, id: opts?.id ?? newId(), createdAt: at, updatedAt: at, deletedAt: null } as T
      // `add`, so a reused id fails instead of overwriting what is there.
      return db.transaction('rw', [table, ...syncTables(db)], async () => (await writeStamped(db, tableName, undefined, record, at, 'add'), record))
    },

    update(id, patch) {
      // An undefined in a patch (an unset form field) must not wipe a stored value.
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
      return change(id, (record, at) => ({ ...requireLive(record), ...defined, id, createdAt: record.createdAt, updatedAt: at, deletedAt: null }))
    },

    async remove(id) {
      await change(id, (record, at) => (isLive(record) ? { ...record, updatedAt: at, deletedAt: at } : undefined))
    },

    restore(id) {
      return change(id, (record, at) => (isLive(record) ? undefined : { ...record, updatedAt: at, deletedAt: null }))
    },

    // Read in one getAll and filtered in memory: a Dexie filter walks a cursor row by row, and with
    // encryption at rest (db/encryption.ts) each row would wait for its own decryption.
    async where(index, value) {
      return (await table.where(index).equals(value).toArray()).filter(isLive)
    },

    async ordered(field, value, orderBy) {
      return (await table.where(`[${field}+${orderBy}]`).between([value, Dexie.minKey], [value, Dexie.maxKey]).toArray()).filter(isLive)
    },

    async all() {
      return (await table.toArray()).filter(isLive)
    },
  }
}

/** The tables every record write touches besides the record's own: a caller's transaction must hold them. */
export function syncTables(db: RondblikDb) {
  return [db.outbox, db.stamps, db.meta]
}

/** A new stamp of this device's HLC at `wall` (ms), persisted in `meta` in the caller's transaction. */
async function tick(db: RondblikDb, wall: number): Promise<string> {
  const state = (await db.meta.get(HLC_KEY))?.value as HlcState | undefined
  const node = state?.node ?? uuidv7()
  const stamp = createHlcClock(node, { now: () => wall, last: state?.last }).tick()
  await db.meta.put({ key: HLC_KEY, value: { node, last: stamp } satisfies HlcState })
  return stamp
}

/** A new record's coachee: its own id, the id it names, or (one key read) its parent's scope. */
export async function scopeOfNew(db: RondblikDb, table: RecordTableName, record: Record<string, unknown> & { id: string }): Promise<string | null> {
  const source = SCOPE_SOURCE[table]
  if (source === 'self') return record.id
  const link = record[source.field]
  if (typeof link !== 'string') return null
  if (!source.parent) return link
  return (await db.stamps.get([source.parent, link]))?.scope ?? null
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b)

/**
 * Stores `after` as the record's new version: each field that differs from `before` (all, for a
 * new record) gets one new HLC stamp, kept in the record's stamp row and merged into its pending
 * outbox row (coalesced: at most one row per record not in flight, under the newest seq). Demo
 * records are never pushed, so they get no outbox row. Runs in the caller's transaction, which
 * holds the record's table and `syncTables(db)`.
 */
export async function writeStamped<T extends Entity>(
  db: RondblikDb,
  tableName: RecordTableName,
  before: T | undefined,
  after: T,
  /** The tablet clock at the write (not updatedAt, which may carry another device's wrong clock). */
  wall: number,
  write: 'add' | 'put' = 'put',
): Promise<void> {
  const record = after as unknown as Record<string, unknown> & { id: string }
  const previous = before as unknown as Record<string, unknown> | undefined
  const names = Object.keys(record).filter((name) => name !== 'id' && (!previous || !same(previous[name], record[name])))
  await db.table(tableName)[write](after)
  if (names.length === 0) return
  const hlc = await tick(db, wall)
  const stored = before && (await db.stamps.get([tableName, after.id]))
  const stamps: StampRow = stored ?? { table: tableName, id: after.id, scope: await scopeOfNew(db, tableName, record), hlc: {} }
  // A record without a stamp row yet (written before it had one) sends every field.
  const sent = stored ? names : Object.keys(record).filter((name) => name !== 'id')
  const fields: Record<string, StampedValue> = {}
  for (const name of sent) {
    stamps.hlc[name] = hlc
    fields[name] = { value: record[name], hlc }
  }
  await db.stamps.put(stamps)
  if (!isDemoId(after.id)) await enqueue(db, { table: tableName, id: after.id, scope: stamps.scope, fields })
}

/** Adds a record's changed fields to the outbox, merged into its pending row (which then takes a new seq). */
export async function enqueue(db: RondblikDb, change: { table: RecordTableName; id: string; scope: string | null; fields: Record<string, StampedValue> }): Promise<void> {
  const pending = await db.outbox.where('[table+id]').equals([change.table, change.id]).filter((row) => row.inFlight === 0).first()
  if (pending) await db.outbox.delete(pending.seq!)
  await db.outbox.add({ ...change, fields: { ...pending?.fields, ...change.fields }, inFlight: 0 })
}
