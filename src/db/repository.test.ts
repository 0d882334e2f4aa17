import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { validate as isUuid, version as uuidVersion } from 'uuid'
import type { Coachee } from '../domain/model'
import type { RondblikDb } from './database'
import { createRepository, StorageError } from './repository'
import { newCoachee, openTestDb, steppingClock } from './testing'

let db: RondblikDb
afterEach(async () => {
  await db.delete()
})

function setup(now = steppingClock()) {
  db = openTestDb()
  return createRepository<Coachee>(db, 'coachees', { now })
}

describe('createRepository', () => {
  it('creates a record with a UUIDv7 id, timestamps and no tombstone, plus one outbox row', async () => {
    const coachees = setup()
    const created = await coachees.create(newCoachee())

    expect(isUuid(created.id) && uuidVersion(created.id)).toBe(7)
    expect(created).toMatchObject({ ...newCoachee(), createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, deletedAt: null })
    expect(await coachees.get(created.id)).toEqual(created)
    const { id, ...fields } = created
    const [row] = await db.outbox.toArray()
    expect(row).toEqual({ seq: 1, table: 'coachees', id, scope: id, inFlight: 0, fields: expect.any(Object) })
    expect(Object.fromEntries(Object.entries(row!.fields).map(([name, field]) => [name, field.value]))).toEqual(fields)
    // One stamp for the whole write, kept beside the record for merging pulled rows.
    const stamps = new Set(Object.values(row!.fields).map((field) => field.hlc))
    expect(stamps.size).toBe(1)
    expect((await db.stamps.get(['coachees', id]))?.hlc).toEqual(Object.fromEntries(Object.keys(fields).map((name) => [name, [...stamps][0]])))
  })

  it('takes a caller-chosen id but never overwrites a record with it', async () => {
    const coachees = setup()
    const created = await coachees.create(newCoachee(), { id: 'fixed' })
    expect(created.id).toBe('fixed')
    await expect(coachees.create(newCoachee({ name: 'Other' }), { id: 'fixed' })).rejects.toMatchObject({ name: 'ConstraintError' })
    expect(await coachees.get('fixed')).toEqual(created)
    expect(await db.outbox.count()).toBe(1)
  })

  it('updates only the given fields and moves updatedAt forward', async () => {
    const coachees = setup()
    const created = await coachees.create(newCoachee())
    const updated = await coachees.update(created.id, { school: 'HALO' })

    expect(updated).toEqual({ ...created, school: 'HALO', updatedAt: created.updatedAt + 1000 })
    expect(await coachees.get(created.id)).toEqual(updated)
    // Coalesced: one pending row per record, under a new seq, stamped per field.
    const rows = await db.outbox.toArray()
    expect(rows.map((row) => [row.seq, row.fields.school?.value, row.fields.name?.value])).toEqual([[2, 'HALO', created.name]])
    const { hlc } = (await db.stamps.get(['coachees', created.id]))!
    expect(hlc.school).toBe(rows[0]!.fields.school!.hlc)
    expect(hlc.school! > hlc.name!).toBe(true)
  })

  it('gives a write while a push is in flight a row of its own, and leaves equal values unstamped', async () => {
    const coachees = setup()
    const created = await coachees.create(newCoachee())
    await db.outbox.toCollection().modify({ inFlight: 1 })
    await coachees.update(created.id, { notes: 'nieuw', school: created.school })
    const rows = await db.outbox.toArray()
    expect(rows.map((row) => [row.seq, row.inFlight, Object.keys(row.fields).sort()])).toEqual([
      [1, 1, Object.keys(created).filter((name) => name !== 'id').sort()],
      [2, 0, ['notes', 'updatedAt']],
    ])
  })

  it('stamps later than any stamp it has seen, even with the clock behind', async () => {
    const coachees = setup(() => 5)
    const created = await coachees.create(newCoachee())
    const first = (await db.stamps.get(['coachees', created.id]))!.hlc.name!
    await coachees.update(created.id, { name: 'Bram' })
    expect((await db.stamps.get(['coachees', created.id]))!.hlc.name! > first).toBe(true)
  })

  it('keeps demo records out of the outbox', async () => {
    const coachees = setup()
    await coachees.create(newCoachee(), { id: 'demo-coachee' })
    expect(await db.outbox.count()).toBe(0)
    expect((await db.stamps.get(['coachees', 'demo-coachee']))?.scope).toBe('demo-coachee')
  })

  it('keeps updatedAt strictly increasing even when the clock stands still or goes back', async () => {
    const coachees = setup(() => 5)
    const created = await coachees.create(newCoachee())
    const first = await coachees.update(created.id, { notes: 'a' })
    const second = await coachees.update(created.id, { notes: 'b' })
    expect([created.updatedAt, first.updatedAt, second.updatedAt]).toEqual([5, 6, 7])
  })

  it('ignores bookkeeping fields smuggled into a patch, and undefined values', async () => {
    const coachees = setup()
    const created = await coachees.create(newCoachee())
    const patch = { notes: 'x', school: undefined, id: 'other', createdAt: 1, deletedAt: 2 } as Partial<Coachee>
    const updated = await coachees.update(created.id, patch)
    expect(updated).toMatchObject({ id: created.id, createdAt: created.createdAt, deletedAt: null, notes: 'x', school: created.school })
  })

  it('tombstones on remove: the record stays stored but leaves every query', async () => {
    const coachees = setup()
    const kept = await coachees.create(newCoachee({ name: 'Bram' }))
    const removed = await coachees.create(newCoachee({ name: 'Cas' }))
    await coachees.remove(removed.id)

    expect(await coachees.get(removed.id)).toBeUndefined()
    expect(await coachees.get(removed.id, { includeDeleted: true })).toMatchObject({ name: 'Cas', deletedAt: expect.any(Number) })
    expect(await coachees.all()).toEqual([kept])
    expect(await coachees.where('updatedAt', removed.createdAt)).toEqual([])
    expect(await db.coachees.count()).toBe(2)
    expect((await db.outbox.toArray()).at(-1)).toMatchObject({
      seq: 3, table: 'coachees', id: removed.id, fields: { deletedAt: { value: expect.any(Number) } },
    })
  })

  it('restores a tombstone and refuses to update one', async () => {
    const coachees = setup()
    const created = await coachees.create(newCoachee())
    await coachees.remove(created.id)

    await expect(coachees.update(created.id, { notes: 'x' })).rejects.toMatchObject({ code: 'deleted' })
    const restored = await coachees.restore(created.id)
    expect(restored.deletedAt).toBeNull()
    expect(await coachees.get(created.id)).toEqual(restored)
  })

  it('writes nothing when removing a tombstone or restoring a live record', async () => {
    const coachees = setup()
    const created = await coachees.create(newCoachee())
    await coachees.restore(created.id)
    await coachees.remove(created.id)
    await coachees.remove(created.id)
    const [row] = await db.outbox.toArray()
    expect(await db.outbox.count()).toBe(1)
    expect(row!.fields.deletedAt!.value).toEqual(expect.any(Number))
  })

  it('rejects writes to a missing record with a typed error', async () => {
    const coachees = setup()
    const error = await coachees.update('nope', { notes: 'x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageError)
    expect(error).toMatchObject({ code: 'notFound', table: 'coachees', recordId: 'nope' })
    await expect(coachees.remove('nope')).rejects.toMatchObject({ code: 'notFound' })
    expect(await db.outbox.count()).toBe(0)
  })

  it('writes record and outbox row atomically: a failing outbox write leaves neither', async () => {
    const coachees = setup()
    db.outbox.hook('creating', () => {
      throw new Error('disk full')
    })
    await expect(coachees.create(newCoachee())).rejects.toThrow('disk full')
    expect(await db.coachees.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
  })

  it('writes record and outbox row atomically: a failing record write leaves no outbox row', async () => {
    const coachees = setup()
    const created = await coachees.create(newCoachee())
    db.coachees.hook('updating', () => {
      throw new Error('quota')
    })
    db.coachees.hook('creating', () => {
      throw new Error('quota')
    })
    await expect(coachees.update(created.id, { notes: 'x' })).rejects.toThrow('quota')
    await expect(coachees.create(newCoachee())).rejects.toThrow('quota')
    expect(await db.coachees.toArray()).toEqual([created])
    expect(await db.outbox.count()).toBe(1)
  })

  it('resolves only after the transaction has committed', async () => {
    const coachees = setup()
    const events: string[] = []
    db.outbox.hook('creating', (_key, _row, tx) => {
      tx.on('complete', () => events.push('committed'))
    })
    await coachees.create(newCoachee())
    events.push('resolved')
    expect(events).toEqual(['committed', 'resolved'])
  })

  it('stores any string faithfully', async () => {
    const coachees = setup()
    const long = 'ä'.repeat(10_000)
    const tricky = '<script>alert("x")</script> 👩🏽‍🏫🎯 \u0000 \n\t "quotes" \'single\' \\ \u202E'
    const created = await coachees.create(newCoachee({ name: tricky, notes: long }))
    const read = await coachees.get(created.id)
    expect(read?.name).toBe(tricky)
    expect(read?.notes).toBe(long)
    expect(read?.notes).toHaveLength(10_000)
  })
})
