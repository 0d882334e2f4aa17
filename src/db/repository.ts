import Dexie, { type IndexableType, type Table } from 'dexie'
import { v7 as uuidv7 } from 'uuid'
import type { Entity } from '../domain/model'
import { isLive } from '../domain/entity'
import type { OutboxRow, RecordTableName, RecordTables, RondblikDb } from './database'

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

  /** `add` for a new record, so a reused id fails instead of overwriting what is there. */
  async function persist(record: T, op: OutboxRow['op'], write: 'add' | 'put' = 'put'): Promise<T> {
    await table[write](record)
    await db.outbox.add({
      table: tableName,
      recordId: record.id,
      op,
      at: record.updatedAt,
      // T is the record type of `tableName` (see TableOf), which the compiler can't follow here.
      ...(op === 'put' ? { payload: record as unknown as RecordTables[RecordTableName] } : {}),
    })
    return record
  }

  /**
   * Reads, changes and writes back the record with its outbox row in one transaction, so a
   * concurrent write can't be lost; resolves once committed. `apply` returns undefined for no change.
   */
  function change(id: string, apply: (record: T, at: number) => T | undefined, op: OutboxRow['op'] = 'put'): Promise<T> {
    return db.transaction('rw', table, db.outbox, async () => {
      const record = await table.get(id)
      if (!record) throw new StorageError('notFound', tableName, id)
      // Strictly later than the stored version, so a merge or sync sees every change as newer.
      const changed = apply(record, Math.max(now(), record.updatedAt + 1))
      return changed ? persist(changed, op) : record
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
      return db.transaction('rw', table, db.outbox, () => persist(record, 'put', 'add'))
    },

    update(id, patch) {
      // An undefined in a patch (an unset form field) must not wipe a stored value.
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
      return change(id, (record, at) => ({ ...requireLive(record), ...defined, id, createdAt: record.createdAt, updatedAt: at, deletedAt: null }))
    },

    async remove(id) {
      await change(id, (record, at) => (isLive(record) ? { ...record, updatedAt: at, deletedAt: at } : undefined), 'delete')
    },

    restore(id) {
      return change(id, (record, at) => (isLive(record) ? undefined : { ...record, updatedAt: at, deletedAt: null }))
    },

    where(index, value) {
      return table.where(index).equals(value).filter(isLive).toArray()
    },

    ordered(field, value, orderBy) {
      return table
        .where(`[${field}+${orderBy}]`)
        .between([value, Dexie.minKey], [value, Dexie.maxKey])
        .filter(isLive)
        .toArray()
    },

    all() {
      return table.filter(isLive).toArray()
    },
  }
}
