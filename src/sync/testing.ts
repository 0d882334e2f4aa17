/**
 * An in-memory school server that follows protocol.ts for push and pull (per (device, seq)
 * idempotence, per-field LWW by HLC with the clock clamp, revisions in commit order, scope grants,
 * reset for a cursor from the future), with the faults the engine must survive.
 */
import * as v from 'valibot'
import { clampHlc, createHlcClock } from '../domain/hlc'
import { SyncError, type SyncTransport } from './engine'
import { ChangeSchema, CLOCK_TOLERANCE_MS, PULL_MAX_LIMIT, PUSH_MAX_BYTES, PUSH_MAX_CHANGES, type Fields, type PulledRow, type PushResponse } from './protocol'

export function createFakeServer(options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now
  const rows = new Map<string, PulledRow>()
  const owners = new Map<string, string>()
  const acked = new Map<string, number>()
  let rev = 0
  const pushes: { deviceId: string; changes: number; bytes: number }[] = []
  /** Set to cut the link on the next push after the server committed it (the answer is lost). */
  const faults = { dropNextAnswer: false, unreachable: false }

  function push(coachId: string, deviceId: string, changes: unknown[]): PushResponse {
    const serverTime = now()
    const clock = createHlcClock('server', { now: () => serverTime })
    const rejected: PushResponse['rejected'] = []
    let clamped = false
    const top = acked.get(deviceId) ?? 0
    for (const raw of changes) {
      const parsed = v.safeParse(ChangeSchema, raw)
      const seq = (raw as { seq: number }).seq
      if (seq <= top) continue
      if (!parsed.success) {
        rejected.push({ seq, code: 'invalid' })
        continue
      }
      const change = parsed.output
      const key = `${change.table}/${change.id}`
      const stored = rows.get(key)
      const scope = stored?.scope ?? change.scope
      if (!owners.has(scope) && !stored) owners.set(scope, coachId)
      if (owners.get(scope) !== coachId) {
        rejected.push({ seq, code: 'forbidden' })
        continue
      }
      const fields: Fields = { ...stored?.fields }
      let changed = false
      for (const [name, field] of Object.entries(change.fields)) {
        const result = clampHlc(field.hlc, clock, serverTime, CLOCK_TOLERANCE_MS)
        clamped ||= result.clamped
        if (!fields[name] || result.stamp > fields[name]!.hlc) {
          fields[name] = { value: field.value, hlc: result.stamp }
          changed = true
        }
      }
      if (changed) rows.set(key, { table: change.table, id: change.id, scope, rev: ++rev, fields })
    }
    const last = Math.max(top, ...changes.map((c) => (c as { seq: number }).seq))
    acked.set(deviceId, last)
    return { acked: last, rejected, clock: { serverTime, clamped } }
  }

  function pull(coachId: string, since: number, limit: number) {
    const reset = since > rev
    const from = reset ? 0 : since
    const visible = [...rows.values()].filter((row) => row.rev > from && owners.get(row.scope) === coachId).sort((a, b) => a.rev - b.rev)
    const page = visible.slice(0, Math.min(limit, PULL_MAX_LIMIT)).map((row) => structuredClone(row))
    const more = visible.length > page.length
    const next = more ? page.at(-1)!.rev : rev
    return reset ? { rows: page, next, more, reset: true as const } : { rows: page, next, more }
  }

  return {
    rows,
    pushes,
    faults,
    /** Forgets everything after revision `keep` (a restore from an older backup). */
    restore(keep: number) {
      for (const [key, row] of rows) if (row.rev > keep) rows.delete(key)
      rev = keep
      acked.clear()
    },
    /** The transport of one device of one coach. */
    device(coachId: string, deviceId: string): SyncTransport {
      return {
        async push(request) {
          if (faults.unreachable) throw new SyncError('unreachable')
          const bytes = new TextEncoder().encode(JSON.stringify(request)).length
          if (request.changes.length > PUSH_MAX_CHANGES || bytes > PUSH_MAX_BYTES) throw new SyncError('bodyTooLarge')
          pushes.push({ deviceId, changes: request.changes.length, bytes })
          const answer = push(coachId, deviceId, structuredClone(request.changes))
          if (faults.dropNextAnswer) {
            faults.dropNextAnswer = false
            throw new SyncError('unreachable')
          }
          return answer
        },
        async pull(since, limit) {
          if (faults.unreachable) throw new SyncError('unreachable')
          return pull(coachId, since, limit)
        },
      }
    },
  }
}
