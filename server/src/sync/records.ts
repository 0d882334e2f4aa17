/**
 * Push and pull of records. A push runs in one transaction that first takes revisions from the
 * counter row: that row's lock orders every push (on every instance), so commit order is revision
 * order and a pull by revision never skips a row committed later with a lower one.
 */
import * as v from 'valibot'
import { sql } from 'kysely'
import type { Db } from '../db/database'
import type { Grants } from './grants'
import { clampHlc, createHlcClock } from '../../../src/domain/hlc'
import {
  ChangeSchema,
  CLOCK_TOLERANCE_MS,
  type Change,
  type Fields,
  type PulledRow,
  type PullResponse,
  type PushResponse,
  type RejectCode,
  type SyncTable,
} from '../../../src/sync/protocol'

type Note = RejectCode | 'clamped'

/** Why a well-formed change is still not taken, or undefined. */
function invalidReason(change: Change): string | undefined {
  if (change.table === 'coachees' && change.scope !== change.id) return "a coachee's scope is its own id"
  const deletedAt = change.fields.deletedAt?.value
  if (deletedAt !== undefined && deletedAt !== null && typeof deletedAt !== 'number') return 'deletedAt is a number or null'
  return undefined
}

/** Per field, the later stamp wins; equal stamps keep what is stored. Undefined when nothing changes. */
function merge(stored: Fields | undefined, incoming: Fields): Fields | undefined {
  const merged: Fields = { ...stored }
  let changed = false
  for (const [name, field] of Object.entries(incoming)) {
    const current = merged[name]
    if (current === undefined || field.hlc > current.hlc) {
      merged[name] = field
      changed = true
    }
  }
  return changed ? merged : undefined
}

interface Stored {
  scope: string
  fields: Fields
}

export function records(db: Db, grants: Grants, now: () => number) {
  return {
    async push(device: { coachId: string; deviceId: string }, batch: { seq: number }[]): Promise<PushResponse> {
      const sorted = [...batch].sort((a, b) => a.seq - b.seq)
      const seqs = sorted.map((c) => c.seq)
      const serverTime = now()
      await db.transaction().execute(async (trx) => {
        const { value: top } = await trx
          .updateTable('counters')
          .set({ value: sql`value + ${sorted.length}` })
          .where('name', '=', 'rev')
          .returning('value')
          .executeTakeFirstOrThrow()
        let rev = top - sorted.length
        const { acked_seq: acked } = await trx.selectFrom('devices').select('acked_seq').where('id', '=', device.deviceId).executeTakeFirstOrThrow()
        const notes = new Map<number, Note>()
        const fresh: Change[] = []
        for (const raw of sorted) {
          if (raw.seq <= acked) continue // committed before: this is a resend
          const parsed = v.safeParse(ChangeSchema, raw)
          if (!parsed.success || invalidReason(parsed.output)) notes.set(raw.seq, 'invalid')
          else fresh.push(parsed.output)
        }
        const key = (table: string, id: string) => `${table}\u0000${id}`
        const stored = new Map<string, Stored>()
        const ids = [...new Set(fresh.map((c) => c.id))]
        for (let i = 0; i < ids.length; i += 500) {
          const rows = await trx.selectFrom('records').select(['table_name', 'id', 'scope', 'fields']).where('id', 'in', ids.slice(i, i + 500)).execute()
          for (const row of rows) stored.set(key(row.table_name, row.id), { scope: row.scope, fields: JSON.parse(row.fields) as Fields })
        }
        // Only a new record's scope can be claimed; a stored record keeps the scope it has.
        const scopes = fresh.map((c) => stored.get(key(c.table, c.id))?.scope ?? c.scope)
        const owners = await grants.claim(trx, device.coachId, scopes, serverTime)
        const serverClock = createHlcClock('server', { now: () => serverTime })
        const writes = new Map<string, { table: SyncTable; id: string; scope: string; rev: number; fields: Fields }>()
        for (const change of fresh) {
          const k = key(change.table, change.id)
          const current = writes.get(k) ?? stored.get(k)
          // The stored row's scope decides: a change cannot move a record into a coachee of one's own.
          const scope = current?.scope ?? change.scope
          if (owners.get(scope) !== device.coachId || scope !== change.scope) {
            notes.set(change.seq, owners.get(scope) === device.coachId ? 'invalid' : 'forbidden')
            continue
          }
          const fields: Fields = {}
          for (const [name, field] of Object.entries(change.fields)) {
            const { stamp, clamped } = clampHlc(field.hlc, serverClock, serverTime, CLOCK_TOLERANCE_MS)
            if (clamped) notes.set(change.seq, 'clamped')
            fields[name] = { value: field.value, hlc: stamp }
          }
          const merged = merge(current?.fields, fields)
          if (merged) writes.set(k, { table: change.table, id: change.id, scope, rev: ++rev, fields: merged })
        }
        const rows = [...writes.values()].map((w) => ({ table_name: w.table, id: w.id, scope: w.scope, rev: w.rev, fields: JSON.stringify(w.fields) }))
        for (let i = 0; i < rows.length; i += 200) {
          await trx
            .insertInto('records')
            .values(rows.slice(i, i + 200))
            .onConflict((oc) => oc.columns(['table_name', 'id']).doUpdateSet((eb) => ({ rev: eb.ref('excluded.rev'), fields: eb.ref('excluded.fields') })))
            .execute()
        }
        if (notes.size) {
          await trx
            .insertInto('push_notes')
            .values([...notes].map(([seq, code]) => ({ device_id: device.deviceId, seq, code })))
            .onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing())
            .execute()
        }
        // Notes older than this batch were answered: the device sent this batch only after that answer.
        await trx.deleteFrom('push_notes').where('device_id', '=', device.deviceId).where('seq', '<', seqs[0]!).execute()
        await trx.updateTable('devices').set({ acked_seq: Math.max(acked, seqs.at(-1)!) }).where('id', '=', device.deviceId).execute()
      })
      const [notes, { acked_seq }] = await Promise.all([
        db.selectFrom('push_notes').select(['seq', 'code']).where('device_id', '=', device.deviceId).where('seq', 'in', seqs).orderBy('seq').execute(),
        db.selectFrom('devices').select('acked_seq').where('id', '=', device.deviceId).executeTakeFirstOrThrow(),
      ])
      return {
        acked: acked_seq,
        rejected: notes.flatMap((n) => (n.code === 'clamped' ? [] : [{ seq: n.seq, code: n.code }])),
        clock: { serverTime, clamped: notes.some((n) => n.code === 'clamped') },
      }
    },

    async pull(coachId: string, since: number, limit: number): Promise<PullResponse> {
      // Read the counter first: every revision up to it is committed, so a page that ends early may jump to it.
      const { value: top } = await db.selectFrom('counters').select('value').where('name', '=', 'rev').executeTakeFirstOrThrow()
      // A cursor ahead of the counter was given out before the server was restored from a backup.
      const reset = since > top
      const from = reset ? 0 : since
      const found = await db
        .selectFrom('records')
        .innerJoin('grants', 'grants.scope', 'records.scope')
        .select(['records.table_name', 'records.id', 'records.scope', 'records.rev', 'records.fields'])
        .where('grants.coach_id', '=', coachId)
        .where('records.rev', '>', from)
        .orderBy('records.rev')
        .limit(limit + 1)
        .execute()
      const more = found.length > limit
      const rows: PulledRow[] = found.slice(0, limit).map((r) => ({ table: r.table_name as SyncTable, id: r.id, scope: r.scope, rev: r.rev, fields: JSON.parse(r.fields) as Fields }))
      const next = more ? rows.at(-1)!.rev : Math.max(rows.at(-1)?.rev ?? from, top)
      return reset ? { rows, next, more, reset: true } : { rows, next, more }
    },
  }
}
export type Records = ReturnType<typeof records>
