import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CURSOR_KEY, type RondblikDb } from '../db/database'
import { createRepositories } from '../db/repositories'
import { syncTables } from '../db/repository'
import { deleteAllData } from '../db/backup'
import { newCoachee, newLesson, newMarker, openTestDb } from '../db/testing'
import { createSyncEngine, readStatus } from './engine'
import { APPLY_CHUNK } from './local'
import { PUSH_MAX_BYTES, PUSH_MAX_CHANGES } from './protocol'
import { createFakeServer } from './testing'

const dbs: RondblikDb[] = []
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()))
})

const T0 = 1_780_000_000_000
/** A clock that moves on by a second each read, starting at `start`. */
function clock(start = T0) {
  let t = start
  return () => (t += 1000)
}

function tablet(server: ReturnType<typeof createFakeServer>, coachId = 'coach-anna', deviceId = `device-${dbs.length}`, now = clock()) {
  const db = openTestDb()
  dbs.push(db)
  const repos = createRepositories(db, { now })
  const engine = createSyncEngine({ db, transport: server.device(coachId, deviceId), now })
  return { db, repos, engine }
}

async function seedLesson(repos: ReturnType<typeof createRepositories>) {
  const coachee = await repos.coachees.create(newCoachee())
  const trajectory = await repos.trajectories.create({ coacheeId: coachee.id, title: 'LIO', startedOn: '2026-09-01', closedAt: null, notes: '' })
  const { cycle, lesson } = await repos.createCycleWithLesson({ trajectoryId: trajectory.id, number: 1, steps: { intake: 'done', visit: 'open', followUp: 'open' }, intakeDate: null, intakeNotes: '' }, newLesson(''))
  return { coachee, trajectory, cycle, lesson }
}

describe('sync engine', () => {
  it('pushes the outbox in bounded batches, each ack pruning it, and a fresh device pulls it all without outbox rows', async () => {
    const server = createFakeServer({ now: clock() })
    const a = tablet(server)
    const { coachee, lesson } = await seedLesson(a.repos)
    await a.db.transaction('rw', [a.db.markers, ...syncTables(a.db)], async () => {
      for (let i = 0; i < 1100; i += 1) await a.repos.markers.create(newMarker(lesson.id, T0 + i))
    })

    expect(await a.engine.sync()).toMatchObject({ ok: true, pushed: 1104 })
    expect(server.pushes.map((p) => p.changes)).toEqual([PUSH_MAX_CHANGES, PUSH_MAX_CHANGES, 104])
    expect(await a.db.outbox.count()).toBe(0)
    expect([...server.rows.values()].every((row) => row.scope === coachee.id)).toBe(true)

    const b = tablet(server, 'coach-anna', 'device-b')
    expect(await b.engine.sync()).toMatchObject({ ok: true, pushed: 0, pulled: 1104 })
    expect(await b.db.outbox.count()).toBe(0)
    expect(await b.repos.markers.byLesson(lesson.id)).toEqual(await a.repos.markers.byLesson(lesson.id))
    expect(await b.repos.coachees.get(coachee.id)).toEqual(coachee)
    expect((await b.db.meta.get(CURSOR_KEY))?.value).toBe(1104)
    expect((await readStatus(b.db)).lastSyncedAt).toEqual(expect.any(Number))
  })

  it('keeps each push under PUSH_MAX_BYTES', async () => {
    const server = createFakeServer({ now: clock() })
    const a = tablet(server)
    const { lesson } = await seedLesson(a.repos)
    for (let i = 0; i < 12; i += 1) await a.repos.markers.create({ ...newMarker(lesson.id, T0 + i), note: 'é'.repeat(400_000) })
    expect(await a.engine.sync()).toMatchObject({ ok: true, pushed: 16 })
    expect(server.pushes.length).toBeGreaterThan(1)
    expect(server.pushes.every((p) => p.bytes <= PUSH_MAX_BYTES && p.changes > 0)).toBe(true)
  })

  it('keeps a batch whose answer was lost and resends it: nothing doubled, nothing lost', async () => {
    const server = createFakeServer({ now: clock() })
    const a = tablet(server)
    await seedLesson(a.repos)
    server.faults.dropNextAnswer = true
    expect(await a.engine.sync()).toEqual({ ok: false, code: 'unreachable' })
    expect(await a.db.outbox.count()).toBe(4)
    expect((await a.db.outbox.toArray()).every((row) => row.inFlight === 1)).toBe(true)
    const committed = structuredClone([...server.rows.values()])

    // A write meanwhile goes into a row of its own, not into one the server may already have.
    const [coachee] = await a.repos.coachees.all()
    await a.repos.coachees.update(coachee!.id, { notes: 'na de storing' })
    expect(await a.db.outbox.count()).toBe(5)

    expect(await a.engine.sync()).toMatchObject({ ok: true, pushed: 5 })
    expect(await a.db.outbox.count()).toBe(0)
    expect([...server.rows.values()].filter((row) => row.table !== 'coachees')).toEqual(committed.filter((row) => row.table !== 'coachees'))
    expect(server.rows.get(`coachees/${coachee!.id}`)!.fields.notes!.value).toBe('na de storing')
  })

  it('records a refused change for the coach and pushes the rest of the queue', async () => {
    const server = createFakeServer({ now: clock() })
    const bram = tablet(server, 'coach-bram')
    await bram.repos.coachees.create(newCoachee({ name: 'Van Bram' }), { id: 'coachee-x' })
    await bram.engine.sync()

    const anna = tablet(server, 'coach-anna')
    await anna.repos.coachees.create(newCoachee({ name: 'Vervalst' }), { id: 'coachee-x' })
    const own = await anna.repos.coachees.create(newCoachee({ name: 'Eigen' }))
    expect(await anna.engine.sync()).toMatchObject({ ok: true, pushed: 2 })
    expect(await anna.db.rejections.toArray()).toEqual([{ seq: 1, table: 'coachees', id: 'coachee-x', code: 'forbidden', at: expect.any(Number) }])
    expect(await anna.db.outbox.count()).toBe(0)
    expect(server.rows.get(`coachees/${own.id}`)).toBeDefined()
    expect(server.rows.get('coachees/coachee-x')!.fields.name!.value).toBe('Van Bram')
  })

  it('keeps both edits when two devices of one coach change different fields of a record offline', async () => {
    const server = createFakeServer({ now: clock() })
    const a = tablet(server, 'coach-anna', 'device-a')
    const b = tablet(server, 'coach-anna', 'device-b')
    const coachee = await a.repos.coachees.create(newCoachee())
    await a.engine.sync()
    await b.engine.sync()

    await a.repos.coachees.update(coachee.id, { school: 'HALO' })
    await b.repos.coachees.update(coachee.id, { notes: 'sterk in uitleg' })
    await a.engine.sync()
    await b.engine.sync()
    await a.engine.sync()
    for (const device of [a, b]) expect(await device.repos.coachees.get(coachee.id)).toMatchObject({ school: 'HALO', notes: 'sterk in uitleg' })
  })

  it('gives both devices the later edit when two of one coach change the same field offline', async () => {
    const server = createFakeServer({ now: clock() })
    const a = tablet(server, 'coach-anna', 'device-a', clock(T0))
    const b = tablet(server, 'coach-anna', 'device-b', clock(T0 + 60_000))
    const coachee = await a.repos.coachees.create(newCoachee())
    await a.engine.sync()
    await b.engine.sync()

    await b.repos.coachees.update(coachee.id, { notes: 'later, op b' })
    await a.repos.coachees.update(coachee.id, { notes: 'eerder, op a' }) // a's clock is behind b's
    await b.engine.sync()
    await a.engine.sync()
    await b.engine.sync()
    for (const device of [a, b]) expect(await device.repos.coachees.get(coachee.id)).toMatchObject({ notes: 'later, op b' })
    expect(await a.db.outbox.count()).toBe(0)
  })

  it('keeps a delete against an older edit, and a restore with a newer stamp undoes it', async () => {
    const server = createFakeServer({ now: clock() })
    const a = tablet(server, 'coach-anna', 'device-a', clock(T0))
    const b = tablet(server, 'coach-anna', 'device-b', clock(T0 + 60_000))
    const coachee = await a.repos.coachees.create(newCoachee())
    await a.engine.sync()
    await b.engine.sync()

    await a.repos.coachees.update(coachee.id, { notes: 'ouder' }) // a's clock is behind b's
    await b.repos.coachees.remove(coachee.id)
    await b.engine.sync()
    await a.engine.sync()
    expect(await a.repos.coachees.get(coachee.id)).toBeUndefined()
    expect(await a.repos.coachees.get(coachee.id, { includeDeleted: true })).toMatchObject({ notes: 'ouder' })

    await a.repos.coachees.restore(coachee.id)
    await a.engine.sync()
    await b.engine.sync()
    expect(await b.repos.coachees.get(coachee.id)).toMatchObject({ deletedAt: null, notes: 'ouder' })
  })

  it('tells the coach the tablet clock is wrong when the server clamps its stamps, which then win nothing', async () => {
    const server = createFakeServer({ now: clock() })
    const yearAhead = tablet(server, 'coach-anna', 'device-ahead', clock(T0 + 365 * 24 * 3600_000))
    const right = tablet(server, 'coach-anna', 'device-right')
    const coachee = await yearAhead.repos.coachees.create(newCoachee())
    expect(await yearAhead.engine.sync()).toMatchObject({ ok: true, clockWrong: true })
    expect((await readStatus(yearAhead.db)).clockWrong).toBe(true)

    await right.engine.sync()
    await right.repos.coachees.update(coachee.id, { name: 'Later, met de goede klok' })
    await right.engine.sync()
    expect(server.rows.get(`coachees/${coachee.id}`)!.fields.name!.value).toBe('Later, met de goede klok')
  })

  it('answers a reset (a server restored from a backup) with a full pull and every local record pushed again', async () => {
    const server = createFakeServer({ now: clock() })
    const a = tablet(server)
    await seedLesson(a.repos)
    await a.engine.sync()
    const kept = server.rows.size
    const [coachee] = await a.repos.coachees.all()
    await a.repos.coachees.update(coachee!.id, { notes: 'na de back-up' })
    await a.engine.sync()
    server.restore(kept - 1)

    expect(await a.engine.sync()).toMatchObject({ ok: true, pushed: kept })
    expect(server.rows.size).toBe(kept)
    expect(server.rows.get(`coachees/${coachee!.id}`)!.fields.notes!.value).toBe('na de back-up')
  })

  it('never pushes a record whose parent is missing; it is shown as refused', async () => {
    const server = createFakeServer({ now: clock() })
    const a = tablet(server)
    await a.repos.markers.create(newMarker('lesson-gone', T0))
    expect(await a.engine.sync()).toMatchObject({ ok: true, pushed: 0 })
    expect((await a.db.rejections.toArray()).map((r) => r.code)).toEqual(['noScope'])
    expect(server.pushes).toEqual([])
  })

  it('takes the valid fields of a pulled row that is only partly valid, and stores no record that is not whole', async () => {
    const server = createFakeServer({ now: clock() })
    const a = tablet(server, 'coach-anna', 'device-a')
    const b = tablet(server, 'coach-anna', 'device-b')
    const coachee = await a.repos.coachees.create(newCoachee())
    await a.engine.sync()
    await b.engine.sync()

    // Another client wrote a good name, a role no app knows and a number for the notes.
    const row = server.rows.get(`coachees/${coachee.id}`)!
    const hlc = '9000000000000:00000:buggy-client'
    server.rows.set(row.table + '/' + row.id, { ...row, rev: 1000, fields: { ...row.fields, name: { value: 'Nieuwe naam', hlc }, role: { value: 'wizard', hlc }, notes: { value: 42, hlc } } })
    // And a marker that is no marker at all.
    server.rows.set('markers/m-bad', { table: 'markers', id: 'm-bad', scope: coachee.id, rev: 1001, fields: { kind: { value: 'pearl', hlc }, tappedAt: { value: 'gisteren', hlc } } })

    expect(await b.engine.sync()).toMatchObject({ ok: true })
    expect(await b.repos.coachees.get(coachee.id)).toMatchObject({ name: 'Nieuwe naam', role: coachee.role, notes: coachee.notes })
    expect(await b.db.markers.get('m-bad')).toBeUndefined()
    expect(await b.db.stamps.get(['markers', 'm-bad'])).toBeUndefined()
    expect(await b.db.outbox.count()).toBe(0)
  })

  it('after "Alles verwijderen" the next sync gets everything back (the cursor goes with the data)', async () => {
    const server = createFakeServer({ now: clock() })
    const a = tablet(server)
    const { lesson } = await seedLesson(a.repos)
    for (let i = 0; i < APPLY_CHUNK + 5; i += 1) await a.repos.markers.create(newMarker(lesson.id, T0 + i))
    await a.engine.sync()
    const before = await a.repos.markers.byLesson(lesson.id)
    await a.db.rejections.add({ seq: 99, table: 'markers', id: 'x', code: 'invalid', at: T0 })

    await deleteAllData(a.db)
    expect(await a.db.meta.get(CURSOR_KEY)).toBeUndefined()
    expect(await a.db.rejections.count()).toBe(0)
    expect(await a.engine.sync()).toMatchObject({ ok: true, pushed: 0, pulled: APPLY_CHUNK + 9 })
    expect(await a.repos.markers.byLesson(lesson.id)).toEqual(before)
    expect(await a.db.outbox.count()).toBe(0)
  })

  it('holds a run under way between its steps while it must pause, and finishes it after', async () => {
    const server = createFakeServer({ now: clock() })
    const a = tablet(server)
    const { lesson } = await seedLesson(a.repos)
    for (let i = 0; i < APPLY_CHUNK * 3; i += 1) await a.repos.markers.create(newMarker(lesson.id, T0 + i))
    await a.engine.sync()

    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let pauses = 0
    const b = openTestDb()
    dbs.push(b)
    const engine = createSyncEngine({ db: b, transport: server.device('coach-anna', 'device-b'), now: clock(), pause: () => (pauses++ === 1 ? held : Promise.resolve()) })
    const run = engine.sync()
    await vi.waitFor(() => expect(pauses).toBe(2))
    expect(await b.markers.count()).toBe(APPLY_CHUNK * 2 - 4) // two chunks in (coachee, trajectory, cycle, lesson first), then it holds
    expect(await b.meta.get(CURSOR_KEY)).toBeUndefined()
    release()
    expect(await run).toMatchObject({ ok: true, pulled: APPLY_CHUNK * 3 + 4 })
    expect(await b.markers.count()).toBe(APPLY_CHUNK * 3)
  })
})
