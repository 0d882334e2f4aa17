/**
 * The tablet's side of record sync, over Dexie: taking a push batch from the outbox, settling its
 * answer, applying pulled rows, and enqueuing every record anew (first sign-in, server reset).
 */
import {
  CURSOR_KEY,
  RECORD_TABLES,
  type OutboxRow,
  type RecordTableName,
  type RejectionRow,
  type RondblikDb,
  type StampRow,
} from '../db/database'
import * as v from 'valibot'
import { isDemoId } from '../domain/demo'
import { recordSchemas } from '../db/schemas'
import { receiveStamp, StorageError } from '../db/repository'
import { PUSH_MAX_BYTES, PUSH_MAX_CHANGES, type Change, type PulledRow, type PushResponse } from './protocol'

/** Room left in PUSH_MAX_BYTES for the request's own wrapping. */
const BATCH_BYTES = PUSH_MAX_BYTES - 1024

export type LocalRejectCode = PushResponse['rejected'][number]['code'] | 'noScope'

const recordTables = (db: RondblikDb) => RECORD_TABLES.map((name) => db.table(name))

/**
 * The oldest outbox rows that fit one push (≤ PUSH_MAX_CHANGES, ≤ PUSH_MAX_BYTES), marked in flight
 * so a write meanwhile gets a row of its own. A row without a scope (its parent is missing) can
 * never be taken by the server: it is recorded as refused here and leaves the queue.
 */
export async function takeBatch(db: RondblikDb, now: () => number = Date.now): Promise<Change[]> {
  return db.transaction('rw', db.outbox, db.rejections, async () => {
    const batch: Change[] = []
    let bytes = 0
    const orphans: OutboxRow[] = []
    for (const row of await db.outbox.orderBy('seq').limit(PUSH_MAX_CHANGES).toArray()) {
      if (row.scope === null) {
        orphans.push(row)
        continue
      }
      const change: Change = { seq: row.seq!, table: row.table, id: row.id, scope: row.scope, fields: row.fields }
      const size = new TextEncoder().encode(JSON.stringify(change)).length + 1
      if (bytes + size > BATCH_BYTES && batch.length > 0) break
      batch.push(change)
      bytes += size
    }
    if (orphans.length > 0) {
      await db.rejections.bulkPut(orphans.map((row) => ({ seq: row.seq!, table: row.table, id: row.id, code: 'noScope', at: now() })))
      await db.outbox.bulkDelete(orphans.map((row) => row.seq!))
    }
    await db.outbox.where('seq').anyOf(batch.map((c) => c.seq)).modify({ inFlight: 1 })
    return batch
  })
}

/** An answered push: every row up to `acked` is committed (or refused, and kept as a rejection) and leaves. */
export async function settlePush(db: RondblikDb, batch: readonly Change[], answer: PushResponse, now: () => number = Date.now): Promise<void> {
  const bySeq = new Map(batch.map((change) => [change.seq, change]))
  const rejections: RejectionRow[] = answer.rejected.flatMap(({ seq, code }) => {
    const change = bySeq.get(seq)
    return change ? [{ seq, table: change.table, id: change.id, code, at: now() }] : []
  })
  await db.transaction('rw', db.outbox, db.rejections, async () => {
    await db.rejections.bulkPut(rejections)
    await db.outbox.where('seq').belowOrEqual(answer.acked).delete()
  })
}

/**
 * Pulled rows applied per transaction: small, so a tap waiting for the same tables gets in between
 * (bench sync: with 100 a tap during a pull waited p50 19 ms, with 25 about 11 ms; 1000 in one: 2.8 s p95).
 */
export const APPLY_CHUNK = 25
/** The pause between chunks: room for a tap's own commit (strict, so a few ms) before the next one. */
const APPLY_PAUSE_MS = 10

/**
 * Applies one pulled page in transactions of APPLY_CHUNK rows, yielding between them, and saves the
 * cursor with the last one: a crash midway leaves the old cursor, and the page pulled again changes
 * nothing that was already applied; `pause` may hold it between chunks. The server's row is the truth for every field this tablet has
 * no pending change of (its own acked changes come back as the server merged and perhaps clamped
 * them); a field still in the outbox keeps the local value unless the pulled stamp is later.
 * Deletion is the field deletedAt, so a delete sticks until a newer stamp restores it. No outbox
 * rows are written.
 */
export async function applyPulled(db: RondblikDb, rows: readonly PulledRow[], cursor: number, pause: () => Promise<void> = async () => {}): Promise<void> {
  for (let start = 0; ; start += APPLY_CHUNK) {
    const chunk = rows.slice(start, start + APPLY_CHUNK)
    const last = start + APPLY_CHUNK >= rows.length
    await db.transaction('rw', [...recordTables(db), db.stamps, db.outbox, db.meta], async () => {
      await applyChunk(db, chunk)
      if (last) await db.meta.put({ key: CURSOR_KEY, value: cursor })
    })
    if (last) return
    await new Promise((resolve) => setTimeout(resolve, APPLY_PAUSE_MS))
    await pause()
  }
}

/** One chunk: every read at once (records per table, stamps, pending outbox rows), then every write at once. */
async function applyChunk(db: RondblikDb, rows: readonly PulledRow[]): Promise<void> {
  if (rows.length === 0) return
  const key = (table: string, id: string) => `${table}/${id}`
  const keys = rows.map((row): [RecordTableName, string] => [row.table, row.id])
  const byTable = new Map<RecordTableName, string[]>()
  for (const row of rows) byTable.set(row.table, [...(byTable.get(row.table) ?? []), row.id])
  const [stampRows, pending, ...stored] = await Promise.all([
    db.stamps.bulkGet(keys),
    db.outbox.where('[table+id]').anyOf(keys).toArray(),
    ...[...byTable].map(([table, ids]) => db.table<Record<string, unknown> & { id: string }, string>(table).bulkGet(ids)),
  ])
  const records = new Map<string, Record<string, unknown>>()
  ;[...byTable].forEach(([table], i) => stored[i]!.forEach((record) => record && records.set(key(table, record.id), record)))
  const stamps = new Map<string, StampRow>()
  stampRows.forEach((row) => row && stamps.set(key(row.table, row.id), row))
  const pendingFields = new Map<string, Set<string>>()
  for (const change of pending) {
    const k = key(change.table, change.id)
    pendingFields.set(k, new Set([...(pendingFields.get(k) ?? []), ...Object.keys(change.fields)]))
  }

  const changed = new Set<string>()
  let latest: string | undefined
  for (const row of rows) {
    const k = key(row.table, row.id)
    const merged: Record<string, unknown> = { ...records.get(k), id: row.id }
    const mergedStamps: StampRow = stamps.get(k) ?? { table: row.table, id: row.id, scope: row.scope, hlc: {} }
    const schema = recordSchemas[row.table].entries as Record<string, v.GenericSchema | undefined>
    let adopted = false
    for (const [name, field] of Object.entries(row.fields)) {
      if (latest === undefined || field.hlc > latest) latest = field.hlc
      const mine = mergedStamps.hlc[name]
      if (mine === field.hlc || (pendingFields.get(k)?.has(name) && mine !== undefined && mine > field.hlc)) continue
      // A field the app would not have written (another client's bug, a damaged server row) is not
      // taken: the rest of the row is. A field this version does not know is kept (a newer app's).
      const fieldSchema = schema[name]
      if (fieldSchema && !v.is(fieldSchema, field.value)) continue
      merged[name] = field.value
      mergedStamps.hlc[name] = field.hlc
      adopted = true
    }
    // A record that is still no whole record (a new one whose required fields were bad) is not
    // stored, so no screen meets it; it comes again with the server's next version of it.
    if (!adopted || !v.is(recordSchemas[row.table], merged)) continue
    changed.add(k)
    records.set(k, merged)
    stamps.set(k, mergedStamps)
  }
  const writes: Promise<unknown>[] = []
  for (const [table, ids] of byTable) {
    const put = [...new Set(ids)].filter((id) => changed.has(key(table, id))).map((id) => records.get(key(table, id))!)
    if (put.length > 0) writes.push(db.table(table).bulkPut(put))
  }
  writes.push(db.stamps.bulkPut([...changed].map((k) => stamps.get(k)!)))
  if (latest !== undefined) writes.push(receiveStamp(db, latest))
  await Promise.all(writes)
}

/** The coachee a recording belongs to: the scope of its video on the server, as of its records. */
export async function scopeOfRecording(db: RondblikDb, recordingId: string): Promise<string> {
  const scope = (await db.stamps.get(['recordings', recordingId]))?.scope
  if (!scope) throw new StorageError('notFound', 'recordings', recordingId)
  return scope
}

export async function savedCursor(db: RondblikDb): Promise<number> {
  return ((await db.meta.get(CURSOR_KEY))?.value as number | undefined) ?? 0
}

/**
 * Puts every local record (tombstones too, demo records not) in the outbox with all its fields and
 * their own stamps, under fresh seqs: on the first sign-in (records from before sync) and after the
 * server answered a pull with reset (it lost what it had acked since its backup).
 */
export async function enqueueAll(db: RondblikDb): Promise<number> {
  return db.transaction('rw', [...recordTables(db), db.stamps, db.outbox], async () => {
    await db.outbox.filter((row) => row.inFlight === 0).delete()
    const stamps = new Map((await db.stamps.toArray()).map((row) => [`${row.table}/${row.id}`, row]))
    let count = 0
    for (const name of RECORD_TABLES) {
      const records = (await db.table(name).toArray()) as (Record<string, unknown> & { id: string; updatedAt: number })[]
      const rows: OutboxRow[] = []
      for (const record of records) {
        if (isDemoId(record.id)) continue
        const stamp = stamps.get(`${name}/${record.id}`)
        // Every write path stamps (repository, backup import, pull, the v4 migration); unstamped, nothing to send.
        if (!stamp) continue
        rows.push(fullRow(name, record, stamp))
      }
      await db.outbox.bulkAdd(rows)
      count += rows.length
    }
    return count
  })
}

function fullRow(table: RecordTableName, record: Record<string, unknown> & { id: string }, stamp: StampRow): OutboxRow {
  const fields: OutboxRow['fields'] = {}
  for (const [name, value] of Object.entries(record)) {
    const hlc = stamp.hlc[name]
    if (name !== 'id' && hlc !== undefined) fields[name] = { value, hlc }
  }
  return { table, id: record.id, scope: stamp.scope, fields, inFlight: 0 }
}
