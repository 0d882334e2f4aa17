import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { declareVersions, openDb, RECORD_TABLES, SCHEMA_VERSIONS, type RondblikDb } from './database'
import { AtRestError, AT_REST_TABLES, atRestMiddleware, PROTECTED_FIELDS, atRestState, generateDataKey, isSealed, migrateAtRest, resumeAtRest, setDataKey } from './encryption'
import { deleteAllData, exportBackup, importBackup } from './backup'
import { createRepositories } from './repositories'
import { newCoachee, newCycle, newHelpQuestion, newLesson, newLessonGoal, newMarker, openTestDb, steppingClock } from './testing'

let db: RondblikDb
afterEach(async () => {
  setDataKey(null)
  db.close()
  await db.delete()
})

/** The rows of `store` as IndexedDB holds them, read without Dexie (nothing decrypts them). */
function rawRows(name: string, store: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name)
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const idb = open.result
      const request = idb.transaction(store, 'readonly').objectStore(store).getAll()
      request.onsuccess = () => {
        idb.close()
        resolve(request.result as Record<string, unknown>[])
      }
      request.onerror = () => reject(request.error)
    }
  })
}

async function rawAll(name: string): Promise<Record<string, Record<string, unknown>[]>> {
  return Object.fromEntries(await Promise.all(AT_REST_TABLES.map(async (store) => [store, await rawRows(name, store)])))
}

const NAME = 'Zoë de Vries'
const NOTE = 'Worstelt met orde in de zaal'
const ANSWER = 'Ik zag dat ze luisterden.'

/** A database with a record in every table, people's text in every protected field, and an empty note. */
async function filled(name?: string) {
  db = name ? openDb(name) : openTestDb()
  const repos = createRepositories(db, { now: steppingClock() })
  const coachee = await repos.coachees.create(newCoachee({ name: NAME, notes: NOTE }))
  const trajectory = await repos.trajectories.create({ coacheeId: coachee.id, title: `Traject ${NAME}`, startedOn: '2026-09-01', closedAt: null, notes: NOTE })
  const { cycle, lesson } = await repos.createCycleWithLesson({ ...newCycle(trajectory.id), intakeNotes: NOTE }, { ...newLesson(''), consentNote: 'Sem niet filmen' })
  await repos.helpQuestions.create({ ...newHelpQuestion(trajectory.id, 0, 'Hoe krijg ik rust?'), cycleIds: [cycle.id], evaluation: NOTE })
  await repos.lessonGoals.create({ ...newLessonGoal(lesson.id, 0), evaluationNote: NOTE })
  const marker = await repos.markers.create({ ...newMarker(lesson.id, 10), note: NOTE })
  await repos.markers.create(newMarker(lesson.id, 20, 'puzzle'))
  await repos.observations.create({ lessonId: lesson.id, rowId: 'r', columnId: 'c', rating: 3, notes: NOTE })
  await repos.followUps.create({
    cycleId: cycle.id, heldOn: '2026-11-30', fragments: [{ markerId: marker.id, answers: [{ question: 'Wat zag je?', answer: ANSWER }] }],
    conclusions: NOTE, agreements: 'Volgende keer eerst stilte', nextSteps: NOTE,
  })
  await db.rejections.put({ seq: 99, table: 'coachees', id: coachee.id, code: 'forbidden', at: 1 })
  return { repos, coachee, trajectory, lesson, marker }
}

/** Every protected value in the stored rows (records and the outbox's field values), with whether it is sealed. */
function protectedValues(raw: Record<string, Record<string, unknown>[]>): { where: string; value: unknown }[] {
  const found: { where: string; value: unknown }[] = []
  for (const table of RECORD_TABLES) {
    for (const path of PROTECTED_FIELDS[table]) {
      const field = path.split('[]')[0]!
      for (const row of raw[table]!) if (row[field] !== undefined) found.push({ where: `${table}.${path}`, value: pick(row[field], path) })
      for (const row of raw.outbox!) {
        const fields = row.fields as Record<string, { value: unknown }>
        if (row.table === table && fields[field]) found.push({ where: `outbox ${table}.${path}`, value: pick(fields[field].value, path) })
      }
    }
  }
  return found.flatMap(({ where, value }) => (Array.isArray(value) ? value.map((v: unknown) => ({ where, value: v })) : [{ where, value }]))
}

/** followUps' answers sit inside each fragment. */
function pick(value: unknown, path: string): unknown {
  return path.includes('[].') && Array.isArray(value) ? value.map((element: Record<string, unknown>) => element[path.split('[].')[1]!]) : value
}

const nonEmpty = ({ value }: { value: unknown }) => value !== '' && !(Array.isArray(value) && value.length === 0)

describe('encryption at rest', () => {
  it('changes nothing without a key: every value stored as written', async () => {
    const { coachee } = await filled()
    const [row] = await rawRows(db.name, 'coachees')
    expect(row).toEqual(coachee)
    expect(protectedValues(await rawAll(db.name)).some(({ value }) => isSealed(value))).toBe(false)
  })

  it('with a key, stores people’s text sealed (records and outbox) and reads it back plain; ids, keys, dates stay plain', async () => {
    setDataKey(await generateDataKey())
    const { repos, coachee, trajectory, lesson, marker } = await filled()
    const raw = await rawAll(db.name)

    const values = protectedValues(raw).filter(nonEmpty)
    expect(values.length).toBeGreaterThan(20)
    expect(values.filter(({ value }) => !isSealed(value))).toEqual([])
    const text = JSON.stringify(raw, (_k, v: unknown) => (v instanceof Uint8Array || v instanceof ArrayBuffer ? '<bytes>' : v))
    for (const secret of [NAME, 'Worstelt', ANSWER, 'Sem niet', 'rust?', 'stilte']) expect(text).not.toContain(secret)
    // Plain where queries and sync need it.
    const rawCoachee = raw.coachees![0]!
    expect(rawCoachee).toMatchObject({ id: coachee.id, role: 'student', createdAt: coachee.createdAt, updatedAt: coachee.updatedAt, deletedAt: null, archivedAt: null })
    expect(raw.trajectories![0]).toMatchObject({ coacheeId: coachee.id, startedOn: '2026-09-01' })
    expect((raw.followUps![0]!.fragments as { markerId: string }[])[0]!.markerId).toBe(marker.id)
    // An empty note costs no crypto and says nothing.
    expect(raw.markers!.find((m) => m.kind === 'puzzle')!.note).toBe('')

    expect(await repos.coachees.get(coachee.id)).toEqual(coachee)
    expect((await repos.trajectories.where('coacheeId', coachee.id)).map((t) => t.title)).toEqual([`Traject ${NAME}`])
    expect((await repos.helpQuestions.ordered('trajectoryId', trajectory.id, 'order'))[0]!.text).toBe('Hoe krijg ik rust?')
    expect((await db.followUps.toArray())[0]!.fragments[0]!.answers[0]!.answer).toBe(ANSWER)
    // A cursor (filter) and a modify decrypt too, and a read-then-write transaction stays open across the crypto.
    expect((await db.markers.filter((m) => m.note === NOTE).toArray()).map((m) => m.id)).toEqual([marker.id])
    await db.lessons.where('id').equals(lesson.id).modify((l) => void (l.consentNote += ' en Noor'))
    await db.transaction('rw', db.coachees, db.lessons, async () => {
      const c = await db.coachees.get(coachee.id)
      const l = await db.lessons.get(lesson.id)
      await db.coachees.put({ ...c!, notes: `${c!.notes} · ${l!.consentNote}` })
    })
    expect((await repos.coachees.get(coachee.id))!.notes).toBe(`${NOTE} · Sem niet filmen en Noor`)
    const outbox = (await db.outbox.toArray()).find((row) => row.table === 'coachees')!
    expect(outbox.fields.name!.value).toBe(NAME)
  })

  it('a fresh IV per value: the same text twice is stored twice differently', async () => {
    setDataKey(await generateDataKey())
    await filled()
    const [a, b] = (await rawRows(db.name, 'observations')).concat(await rawRows(db.name, 'cycles')).map((r) => (r.notes ?? r.intakeNotes) as { iv: Uint8Array })
    expect(Buffer.from(a!.iv).equals(Buffer.from(b!.iv))).toBe(false)
  })

  it('while locked: a read of a sealed value and a write of people’s text fail with code locked; an empty-note tap still lands', async () => {
    setDataKey(await generateDataKey())
    const { repos, coachee, lesson } = await filled()
    setDataKey('locked')
    await expect(repos.coachees.get(coachee.id)).rejects.toSatisfy((e) => e instanceof AtRestError && e.code === 'locked')
    await expect(repos.coachees.create(newCoachee({ name: 'Bram' }))).rejects.toMatchObject({ code: 'locked' })
    await expect(repos.markers.create(newMarker(lesson.id, 30))).resolves.toMatchObject({ note: '' })
    // Dates and ids need no key.
    expect(await db.markers.where('lessonId').equals(lesson.id).count()).toBe(3)
  })

  it('another key cannot read it: code unreadable', async () => {
    setDataKey(await generateDataKey())
    const { repos, coachee } = await filled()
    setDataKey(await generateDataKey())
    await expect(repos.coachees.get(coachee.id)).rejects.toMatchObject({ code: 'unreadable' })
  })

  it('a backup exports plain and imports encrypted again, the same records', async () => {
    setDataKey(await generateDataKey())
    await filled()
    const before = await exportBackup(db)
    expect(before.tables.coachees[0]!.name).toBe(NAME)
    await deleteAllData(db)
    expect(await importBackup(db, JSON.stringify(before))).toMatchObject({ ok: true })
    expect((await exportBackup(db)).tables).toEqual(before.tables)
    expect(protectedValues(await rawAll(db.name)).filter(nonEmpty).every(({ value }) => isSealed(value))).toBe(true)
  })
})

describe('migration at rest', () => {
  it('encrypts a plain database in place and back, resuming after a kill mid-way, nothing lost', async () => {
    const name = `rondblik-migrate-${Math.random().toString(36).slice(2)}`
    await filled(name)
    const original = await rawAll(name)
    const view = await exportBackup(db, () => 0)
    const key = await generateDataKey()

    // Encrypt: two rows per batch, killed after three batches (the tab is gone, the database closed).
    setDataKey(key)
    const cut = await migrateAtRest(db, 'encrypted', { batchSize: 2, stopAfterBatches: 3 })
    expect(cut).toMatchObject({ target: 'encrypted', done: false })
    db.close()
    const halfway = protectedValues(await rawAll(name)).filter(nonEmpty)
    expect(halfway.some(({ value }) => isSealed(value)) && halfway.some(({ value }) => !isSealed(value))).toBe(true)

    // The next start: the key comes back with the unlock, and the run goes on where it stopped.
    setDataKey('locked')
    db = openDb(name)
    setDataKey(key)
    expect(await resumeAtRest(db, { batchSize: 2 })).toEqual({ target: 'encrypted', done: true })
    expect(protectedValues(await rawAll(name)).filter(nonEmpty).every(({ value }) => isSealed(value))).toBe(true)
    expect(await exportBackup(db, () => 0)).toEqual(view)

    // Back to plain the same way, killed after one batch of three.
    await migrateAtRest(db, 'plain', { batchSize: 3, stopAfterBatches: 1 })
    db.close()
    db = openDb(name)
    setDataKey(key)
    expect(await resumeAtRest(db, { batchSize: 3 })).toEqual({ target: 'plain', done: true })
    // Every stored row exactly as before the passcode, the marker in meta aside.
    expect(await rawAll(name)).toEqual(original)
    setDataKey(null)
    expect(await exportBackup(db, () => 0)).toEqual(view)
    expect(await atRestState(db)).toEqual({ target: 'plain', done: true })
  })

  it('writes during a migration back to plain stay plain, and a new one re-encrypts from the start', async () => {
    setDataKey(await generateDataKey())
    const { repos, coachee } = await filled()
    await migrateAtRest(db, 'plain', { batchSize: 1, stopAfterBatches: 1 })
    await repos.coachees.update(coachee.id, { notes: 'tijdens het ontsleutelen' })
    expect((await rawRows(db.name, 'coachees'))[0]!.notes).toBe('tijdens het ontsleutelen')
    await migrateAtRest(db, 'encrypted')
    expect(protectedValues(await rawAll(db.name)).filter(nonEmpty).every(({ value }) => isSealed(value))).toBe(true)
  })

  it('a schema upgrade at open, while locked, passes sealed values through untouched', async () => {
    const key = await generateDataKey()
    setDataKey(key)
    const name = `rondblik-upgrade-${Math.random().toString(36).slice(2)}`
    const { marker } = await filled(name)
    db.close()
    setDataKey('locked')
    // The next version of the app, with an upgrade of markers' other fields.
    const next = new Dexie(name)
    declareVersions(next, [...SCHEMA_VERSIONS, { version: 99, stores: {}, upgrade: { markers: (m) => void (m.leadSec = 7) } }])
    next.use(atRestMiddleware(next))
    await next.open()
    next.close()
    db = openDb(name)
    setDataKey(key)
    expect(await db.markers.get(marker.id)).toMatchObject({ note: NOTE, leadSec: 7 })
    db.close()
    await next.delete()
  })

  it('needs the key: a migration while locked is refused with code locked', async () => {
    await filled()
    setDataKey('locked')
    await expect(migrateAtRest(db, 'encrypted')).rejects.toMatchObject({ code: 'locked' })
  })
})
