import type Dexie from 'dexie'
import type { DBCore, DBCoreCursor, DBCoreKeyRange, DBCoreTable, IndexableType, Middleware } from 'dexie'
// Types only: database.ts registers this middleware, so a value import would be a cycle.
import type { RecordTableName, RecordTables } from './database'

/**
 * Encryption at rest (issue 11): what names or describes people is stored AES-GCM encrypted under
 * the data key the app lock unwraps; ids, foreign keys, dates and every indexed field stay plain, so
 * queries work as before. One Dexie DBCore middleware encrypts on write and decrypts on read, so
 * repositories, screens, sync and the backup see plain records. With no passcode nothing changes.
 */

/** A path into a record: a field, or `field[].inner` for a field inside each element of an array. */
type ProtectedPath<T> = (keyof T & string) | `${keyof T & string}[].${string}`

/**
 * What names or describes people, per table: the one list. A value stays plain while empty ('' or
 * []): an empty note says nothing about anyone, and a marker tap (which writes none) costs no crypto.
 */
export const PROTECTED_FIELDS: { [K in RecordTableName]: readonly ProtectedPath<RecordTables[K]>[] } = {
  coachees: ['name', 'school', 'notes'],
  trajectories: ['title', 'notes'],
  cycles: ['intakeNotes'],
  helpQuestions: ['text', 'evaluation'],
  lessons: ['consentNote'],
  lessonGoals: ['text', 'evaluationNote'],
  recordings: [],
  markers: ['note'],
  observations: ['notes'],
  // The answers only: each fragment's markerId is a foreign key and stays plain.
  followUps: ['fragments[].answers', 'conclusions', 'agreements', 'nextSteps'],
}

/** Tables holding field values of records in the protocol's `Change` shape: `fields.<name>.value`. */
const CHANGE_TABLES = ['outbox', 'rejections'] as const

/** The tables the middleware and the migration touch, in the migration's order. */
export const AT_REST_TABLES: readonly string[] = [...Object.keys(PROTECTED_FIELDS), ...CHANGE_TABLES]

export type AtRestErrorCode = 'locked' | 'unreadable'

/**
 * 'locked': an encrypted value was read, or a protected one written, while the app is locked (no
 * data key); 'unreadable': a value does not decrypt with this key (damaged, or another tablet's).
 */
export class AtRestError extends Error {
  constructor(
    readonly code: AtRestErrorCode,
    readonly table: string,
  ) {
    super(`${code}: ${table}`)
    this.name = 'AtRestError'
  }
}

/** An encrypted value as stored, tagged so plain and encrypted values live side by side. */
export interface SealedValue {
  atRest: 1
  iv: Uint8Array
  data: ArrayBuffer
}

export function isSealed(value: unknown): value is SealedValue {
  return typeof value === 'object' && value !== null && (value as { atRest?: unknown }).atRest === 1
}

type KeyState = { kind: 'off' } | { kind: 'locked' } | { kind: 'open'; key: CryptoKey }
let keyState: KeyState = { kind: 'off' }
/** Set while a migration back to plain runs (or has run): new writes stay plain though the key is known. */
let writePlain = false

/**
 * The data key the app lock holds: the key (unlocked), 'locked' (a passcode is set but the key is
 * not in memory: protected values can be neither read nor written) or null (no passcode).
 */
export function setDataKey(key: CryptoKey | 'locked' | null): void {
  keyState = key === null ? { kind: 'off' } : key === 'locked' ? { kind: 'locked' } : { kind: 'open', key }
}

/** A fresh AES-GCM 256 data key (the lock wraps it under the passcode). */
export function generateDataKey(extractable = true): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, extractable, ['encrypt', 'decrypt'])
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

async function seal(key: CryptoKey, value: unknown, context: string): Promise<SealedValue> {
  // A fresh 96-bit IV per value; the table and path as additional data, so a value cannot be moved to another field.
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, key, encoder.encode(JSON.stringify(value)))
  return { atRest: 1, iv, data }
}

async function unseal(key: CryptoKey, sealed: SealedValue, context: string, table: string): Promise<unknown> {
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer>, additionalData: encoder.encode(context) }, key, sealed.data)
    return JSON.parse(decoder.decode(plain))
  } catch {
    throw new AtRestError('unreadable', table)
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
}

interface Leaf {
  /** The record's table and the field's path in the record: the additional data of its encryption. */
  context: string
  /** Where the value sits in the stored row. */
  segments: readonly string[]
}

const leavesCache = new Map<string, Leaf[]>()

/** The protected values of a row of `store`, as paths into that row ('[]' = each element). */
function leavesOf(store: string, row: Record<string, unknown>): Leaf[] {
  const recordTable = (CHANGE_TABLES as readonly string[]).includes(store) ? (row.table as string | undefined) : store
  if (!recordTable || !(recordTable in PROTECTED_FIELDS)) return []
  const cacheKey = `${store}/${recordTable}`
  let leaves = leavesCache.get(cacheKey)
  if (!leaves) {
    leaves = PROTECTED_FIELDS[recordTable as RecordTableName].map((path) => {
      const [field, ...rest] = path.replace(/\[\]/g, '.[]').split('.')
      const inRow = store === recordTable ? [field!] : ['fields', field!, 'value']
      return { context: `${recordTable}.${path}`, segments: [...inRow, ...rest] }
    })
    leavesCache.set(cacheKey, leaves)
  }
  return leaves
}

type Visit = (value: unknown) => unknown

/**
 * The node with each value at `segments` replaced by `visit`'s result: a copy along the path where
 * anything changed, `node` itself where nothing did (never changed in place: it may be an object
 * the app still holds).
 */
function mapAt(node: unknown, segments: readonly string[], visit: Visit): unknown {
  if (segments.length === 0) return visit(node)
  const [head, ...rest] = segments
  if (head === '[]') {
    if (!Array.isArray(node)) return node
    let copy: unknown[] | undefined
    node.forEach((element, i) => {
      const mapped = mapAt(element, rest, visit)
      if (mapped !== element) (copy ??= [...node])[i] = mapped
    })
    return copy ?? node
  }
  if (typeof node !== 'object' || node === null || !(head! in node)) return node
  const child = (node as Record<string, unknown>)[head!]
  const mapped = mapAt(child, rest, visit)
  return mapped === child ? node : { ...(node as object), [head!]: mapped }
}

/**
 * Maps every protected value of `rows` through `visit`: null when nothing changes (no work, no
 * copy), else a promise of the rows, an unchanged row being the same object. Two passes in the
 * same order: the first collects each value's (maybe async) result, the second puts them in.
 */
function mapRows(store: string, rows: readonly unknown[], visit: (value: unknown, leaf: Leaf) => unknown): Promise<unknown[]> | null {
  const results: unknown[] = []
  let changed = false
  const walk = (put: (value: unknown, leaf: Leaf) => unknown) =>
    rows.map((row) => {
      if (typeof row !== 'object' || row === null) return row
      let current: unknown = row
      for (const leaf of leavesOf(store, row as Record<string, unknown>)) current = mapAt(current, leaf.segments, (value) => put(value, leaf))
      return current
    })
  walk((value, leaf) => {
    const result = visit(value, leaf)
    results.push(result)
    if (result !== value) changed = true
    return value
  })
  if (!changed) return null
  return Promise.all(results).then((resolved) => {
    let i = 0
    return walk(() => resolved[i++])
  })
}

/** How a value is written in the current state; returns the value itself when it stays as it is. */
function sealForWrite(store: string) {
  return (value: unknown, leaf: Leaf): unknown => {
    if (isEmpty(value) || isSealed(value)) return value
    if (keyState.kind === 'locked') throw new AtRestError('locked', store)
    if (keyState.kind === 'off' || writePlain) return value
    return seal(keyState.key, value, leaf.context)
  }
}

function unsealForRead(store: string) {
  return (value: unknown, leaf: Leaf): unknown => {
    if (!isSealed(value)) return value
    if (keyState.kind !== 'open') throw new AtRestError('locked', store)
    return unseal(keyState.key, value, leaf.context, store)
  }
}

/** The IndexedDB transaction under the DBCore, as far as used here (the server type-checks db/ without DOM types). */
interface StoredTransaction {
  objectStore(name: string): { get(key: number): { result: unknown; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null } }
  error: unknown
  oncomplete: (() => void) | null
  onabort: (() => void) | null
  onerror: (() => void) | null
}

/**
 * IndexedDB commits a transaction as soon as no request is pending at the end of a task, and
 * WebCrypto answers in a later task: so while `work` runs, cheap reads keep the transaction open,
 * and the result is handed on from inside a request's success event, where the caller may go on
 * placing requests in the same transaction.
 */
function whileAlive<T>(trans: unknown, store: string, work: Promise<T>): Promise<T> {
  const idbTrans = trans as StoredTransaction
  return new Promise<T>((resolve, reject) => {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined
    work.then(
      (value) => (outcome = { ok: true, value }),
      (error: unknown) => (outcome = { ok: false, error }),
    )
    const ping = (): void => {
      const request = idbTrans.objectStore(store).get(-Infinity)
      request.onsuccess = () => {
        if (!outcome) return ping()
        if (outcome.ok) resolve(outcome.value)
        else reject(outcome.error)
      }
      request.onerror = () => reject(request.error)
    }
    ping()
  })
}

/** `next(rows)` at once when nothing is mapped, else with the mapped rows, inside the transaction. */
function afterMapping<T>(trans: unknown, store: string, mapped: Promise<unknown[]> | null, rows: readonly unknown[], next: (rows: readonly unknown[]) => T | Promise<T>): T | Promise<T> {
  return mapped ? whileAlive(trans, store, mapped).then(next) : next(rows)
}

/** A cursor whose `value` is the decrypted row; it moves on only once that row is ready. */
function unsealingCursor(cursor: DBCoreCursor, store: string): DBCoreCursor {
  let value: unknown
  return Object.create(cursor, {
    // IDBCursor's own getters refuse any other receiver: read them from the cursor itself.
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    done: { get: () => cursor.done },
    value: { get: () => value },
    start: {
      value: (onNext: () => void) =>
        cursor.start(() => {
          let mapped: Promise<unknown[]> | null
          try {
            mapped = mapRows(store, [cursor.value], unsealForRead(store))
          } catch (error) {
            cursor.fail(error as Error)
            return
          }
          if (!mapped) {
            value = cursor.value
            onNext()
            return
          }
          whileAlive(cursor.trans, store, mapped).then(
            ([row]) => {
              value = row
              onNext()
            },
            (error: unknown) => cursor.fail(error as Error),
          )
        }),
    },
  }) as DBCoreCursor
}

/** mapRows with a thrown error (locked) as a rejection. */
function tryMap(store: string, rows: readonly unknown[], visit: (value: unknown, leaf: Leaf) => unknown): Promise<unknown[]> | null {
  try {
    return mapRows(store, rows, visit)
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * A schema upgrade runs when the database opens, before any unlock: it sees sealed values as they
 * are stored (and writes them back as they were), so an upgrade of other fields works while locked.
 * An upgrade that must change a protected field cannot run at open: do it after the unlock.
 */
function isUpgrade(trans: unknown): boolean {
  return (trans as { mode?: string }).mode === 'versionchange'
}

function atRestTable(down: DBCoreTable): DBCoreTable {
  const store = down.name
  const read = <T>(trans: unknown, rows: readonly unknown[], next: (rows: readonly unknown[]) => T): T | Promise<T> =>
    isUpgrade(trans) ? next(rows) : afterMapping(trans, store, tryMap(store, rows, unsealForRead(store)), rows, next)
  return {
    ...down,
    mutate: (req) => {
      if (req.type !== 'add' && req.type !== 'put') return down.mutate(req)
      const mapped = tryMap(store, req.values, sealForWrite(store))
      return mapped ? whileAlive(req.trans, store, mapped).then((values) => down.mutate({ ...req, values })) : down.mutate(req)
    },
    get: (req) => down.get(req).then((row: unknown) => read(req.trans, [row], (rows) => rows[0])),
    getMany: (req) => down.getMany(req).then((rows) => read(req.trans, rows, (out) => (out === rows ? rows : [...out]))),
    query: (req) => down.query(req).then((res) => (req.values === false ? res : read(req.trans, res.result, (result) => (result === res.result ? res : { ...res, result: [...result] })))),
    openCursor: (req) => down.openCursor(req).then((cursor) => (cursor && req.values !== false && !isUpgrade(req.trans) ? unsealingCursor(cursor, store) : cursor)),
  }
}

/** The DBCore just below this middleware, per database: the migration reads and writes rows as stored. */
const storedCores = new WeakMap<Dexie, DBCore>()

/** The middleware a database registers (`db.use(atRestMiddleware(db))`). */
export function atRestMiddleware(db: Dexie): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'atRest',
    // Below Dexie's own (hooks, cache, observability: level ≥ −1), so they only ever see plain rows.
    level: -10,
    create: (down) => {
      storedCores.set(db, down)
      return { ...down, table: (name) => (AT_REST_TABLES.includes(name) ? atRestTable(down.table(name)) : down.table(name)) }
    },
  }
}

// ---- Migration: every stored row in place, in batches, resumable per row ----

export type AtRestTarget = 'encrypted' | 'plain'

/** Kept in `meta` under AT_REST_KEY: where a migration goes and how far it got. */
export interface AtRestState {
  target: AtRestTarget
  done: boolean
  /** The table being converted and the last primary key done in it (absent: from its start). */
  table?: string
  after?: IndexableType
}
export const AT_REST_KEY = 'atRest'

export interface MigrateOptions {
  /** Rows per transaction. */
  batchSize?: number
  /** For tests: stop (as a killed tab would) after this many batches. */
  stopAfterBatches?: number
}

export async function atRestState(db: Dexie): Promise<AtRestState | undefined> {
  const row = (await db.table('meta').get(AT_REST_KEY)) as { value: AtRestState } | undefined
  return row?.value
}

/**
 * Converts every stored row to `target` (encrypted: needs the data key set; plain: needs it too, to
 * read what is encrypted). New writes take the target's form from now on; rows already in it are
 * left alone, so a run cut off anywhere is finished by `resumeAtRest` without loss.
 */
export async function migrateAtRest(db: Dexie, target: AtRestTarget, options: MigrateOptions = {}): Promise<AtRestState> {
  const current = await atRestState(db)
  const start: AtRestState = current && current.target === target && !current.done ? current : { target, done: false }
  return run(db, start, options)
}

/** Finishes a migration a reload or a killed tab interrupted; call after every unlock. */
export async function resumeAtRest(db: Dexie, options: MigrateOptions = {}): Promise<AtRestState | undefined> {
  const current = await atRestState(db)
  if (!current) return undefined
  writePlain = current.target === 'plain'
  return current.done ? current : run(db, current, options)
}

async function run(db: Dexie, start: AtRestState, { batchSize = 200, stopAfterBatches = Infinity }: MigrateOptions): Promise<AtRestState> {
  if (keyState.kind !== 'open') throw new AtRestError('locked', 'meta')
  writePlain = start.target === 'plain'
  if (!db.isOpen()) await db.open()
  const core = storedCores.get(db)!
  let state = start
  await writeState(core, state)
  const visit = start.target === 'encrypted' ? sealForWrite : unsealForRead
  let batches = 0
  for (let t = state.table ? AT_REST_TABLES.indexOf(state.table) : 0; t < AT_REST_TABLES.length; t++) {
    const store = AT_REST_TABLES[t]!
    if (!core.schema.tables.some((table) => table.name === store)) continue
    for (;;) {
      if (batches >= stopAfterBatches) return state
      const after = state.table === store ? state.after : undefined
      state = await convertBatch(core, store, after, batchSize, visit(store), state.target)
      batches += 1
      if (state.table !== store) break
    }
  }
  state = { target: start.target, done: true }
  await writeState(core, state)
  return state
}

function range(after: IndexableType | undefined): DBCoreKeyRange {
  return after === undefined ? { type: 3, lower: undefined, upper: undefined } : { type: 2, lower: after, lowerOpen: true, upper: undefined }
}

function complete(trans: StoredTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    trans.oncomplete = () => resolve()
    trans.onabort = trans.onerror = () => reject(trans.error)
  })
}

/** One batch in one transaction: the rows after `after`, those not yet in the target's form rewritten, and the new position. */
async function convertBatch(core: DBCore, store: string, after: IndexableType | undefined, batchSize: number, visit: (value: unknown, leaf: Leaf) => unknown, target: AtRestTarget): Promise<AtRestState> {
  const trans = core.transaction([store, 'meta'], 'readwrite', { durability: 'strict' })
  const done = complete(trans as unknown as StoredTransaction)
  const table = core.table(store)
  const { result: rows } = await table.query({ trans, values: true, limit: batchSize, query: { index: table.schema.primaryKey, range: range(after) } })
  const last = rows.length ? table.schema.primaryKey.extractKey!(rows[rows.length - 1]) : undefined
  const next: AtRestState = rows.length < batchSize ? { target, done: false, table: AT_REST_TABLES[AT_REST_TABLES.indexOf(store) + 1] } : { target, done: false, table: store, after: last }
  // Only the rows that changed are written: a resumed run passes over what is already converted.
  await afterMapping(trans, store, tryMap(store, rows, visit), rows, (values) => {
    const changed = values.filter((row, i) => row !== rows[i])
    return changed.length ? table.mutate({ trans, type: 'put', values: changed }) : undefined
  })
  await core.table('meta').mutate({ trans, type: 'put', values: [{ key: AT_REST_KEY, value: next }] })
  await done
  return next
}

async function writeState(core: DBCore, state: AtRestState): Promise<void> {
  const trans = core.transaction(['meta'], 'readwrite', { durability: 'strict' })
  const done = complete(trans as unknown as StoredTransaction)
  await core.table('meta').mutate({ trans, type: 'put', values: [{ key: AT_REST_KEY, value: state }] })
  await done
}
