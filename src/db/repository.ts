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

/**
 * This device's HLC per database: read from `meta` by the first write, then kept in memory, so a
 * tap reads nothing for it (each sequential IndexedDB request costs a round trip on the tap's path).
 * Every new state is still written with the write that made it, so a reload resumes from it.
 */
const clocks = new WeakMap<RondblikDb, HlcState>()

async function deviceClock(db: RondblikDb): Promise<HlcState> {
  const known = clocks.get(db)
  if (known) return known
  const stored = (await db.meta.get(HLC_KEY))?.value as HlcState | undefined
  // Another write may have loaded it meanwhile: keep the one in memory.
  const state = clocks.get(db) ?? { node: stored?.node ?? uuidv7(), last: stored?.last }
  clocks.set(db, state)
  return state
}

/** Writes the device's HLC state in the caller's transaction (which holds `meta`). */
const saveClock = (db: RondblikDb, state: HlcState) => db.meta.put({ key: HLC_KEY, value: { node: state.node, last: state.last } satisfies HlcState })

/**
 * Moves this device's HLC past a stamp seen from the server, so its next write orders after it;
 * saved in the caller's transaction. Before the first local write there is nothing to move.
 */
export async function receiveStamp(db: RondblikDb, stamp: string): Promise<void> {
  const stored = clocks.get(db) ?? ((await db.meta.get(HLC_KEY))?.value as HlcState | undefined)
  if (!stored) return
  const state = await deviceClock(db)
  const clock = createHlcClock(state.node, { last: state.last })
  clock.receive(stamp)
  state.last = clock.last
  await saveClock(db, state)
}

/**
 * The scopes of the records that are parents (trajectories, cycles, lessons), per database: a
 * record's scope never changes, so a marker tapped into a lesson finds its coachee without a read.
 */
const parentScopes = new WeakMap<RondblikDb, Map<string, string>>()
const PARENT_TABLES = new Set(Object.values(SCOPE_SOURCE).flatMap((source) => (source !== 'self' && source.parent ? [source.parent] : [])))

function knownScopes(db: RondblikDb): Map<string, string> {
  let scopes = parentScopes.get(db)
  if (!scopes) parentScopes.set(db, (scopes = new Map()))
  return scopes
}

/** A new record's coachee: its own id, the id it names, or (one key read, unless known) its parent's scope. */
export async function scopeOfNew(db: RondblikDb, table: RecordTableName, record: Record<string, unknown> & { id: string }): Promise<string | null> {
  const source = SCOPE_SOURCE[table]
  if (source === 'self') return record.id
  const link = record[source.field]
  if (typeof link !== 'string') return null
  if (!source.parent) return link
  const known = knownScopes(db).get(`${source.parent}/${link}`)
  if (known) return known
  const scope = (await db.stamps.get([source.parent, link]))?.scope ?? null
  if (scope) knownScopes(db).set(`${source.parent}/${link}`, scope)
  return scope
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b)

/**
 * Stores `after` as the record's new version: each field that differs from `before` (all, for a
 * new record) gets one new HLC stamp, kept in the record's stamp row and merged into its pending
 * outbox row (coalesced: at most one row per record not in flight, under the newest seq). Demo
 * records are never pushed, so they get no outbox row. Runs in the caller's transaction, which
 * holds the record's table and `syncTables(db)`. Its reads go out together, then its writes: two
 * round trips at most (a tap into a known lesson: one).
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
  const table = db.table(tableName)
  if (names.length === 0) {
    await table[write](after)
    return
  }
  const pushed = !isDemoId(after.id)
  // A new id has no stamp row nor pending outbox row yet: only an update looks them up.
  const [state, stored, pending, newScope] = await Promise.all([
    deviceClock(db),
    before ? db.stamps.get([tableName, after.id]) : undefined,
    before && pushed ? db.outbox.where('[table+id]').equals([tableName, after.id]).filter((row) => row.inFlight === 0).first() : undefined,
    before ? undefined : scopeOfNew(db, tableName, record),
  ])
  const hlc = createHlcClock(state.node, { now: () => wall, last: state.last }).tick()
  state.last = hlc
  const stamps: StampRow = stored ?? { table: tableName, id: after.id, scope: newScope === undefined ? await scopeOfNew(db, tableName, record) : newScope, hlc: {} }
  if (stamps.scope && PARENT_TABLES.has(tableName)) knownScopes(db).set(`${tableName}/${after.id}`, stamps.scope)
  // A record without a stamp row yet (written before it had one) sends every field.
  const sent = stored ? names : Object.keys(record).filter((name) => name !== 'id')
  const fields: Record<string, StampedValue> = {}
  for (const name of sent) {
    stamps.hlc[name] = hlc
    fields[name] = { value: record[name], hlc }
  }
  const change = { table: tableName, id: after.id, scope: stamps.scope, fields: { ...pending?.fields, ...fields }, inFlight: 0 as const }
  await Promise.all([
    table[write](after),
    db.stamps.put(stamps),
    saveClock(db, state),
    pending ? db.outbox.delete(pending.seq!) : undefined,
    pushed ? db.outbox.add(change) : undefined,
  ])
}
