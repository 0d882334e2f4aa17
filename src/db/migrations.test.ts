import 'fake-indexeddb/auto'
import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import type { Marker } from '../domain/model'
import { declareVersions, openDb, RECORD_TABLES, SCHEMA_VERSION, SCHEMA_VERSIONS, type RondblikDb } from './database'
import { createRepositories } from './repositories'
import { newCoachee, newCycle, newHelpQuestion, newLesson, newMarker } from './testing'

const name = `rondblik-migration-${Math.random().toString(36).slice(2)}`
let db: RondblikDb | undefined
afterEach(async () => {
  await db?.delete()
})

const entity = (id: string, at = 1_000) => ({ id, createdAt: at, updatedAt: at, deletedAt: null })

/** A marker as version 1 stored it: no clip window, no chosen-for-nagesprek fields. */
function v1Marker(id: string, tappedAt: number): Partial<Marker> {
  const { leadSec: _lead, lagSec: _lag, chosen: _chosen, chosenOrder: _order, ...rest } = newMarker('lesson-1', tappedAt)
  return { ...entity(id), ...rest }
}

describe('schema migrations', () => {
  it('opens a version 1 database with the current code: nothing lost, defaults filled', async () => {
    const old = new Dexie(name)
    declareVersions(old, SCHEMA_VERSIONS.slice(0, 1))
    const coachee = { ...entity('coachee-1'), ...newCoachee() }
    const cycle = { ...entity('cycle-1'), ...newCycle('trajectory-1') }
    const lesson = { ...entity('lesson-1'), ...newLesson('cycle-1') }
    const questions = [1, 0].map((order) => ({ ...entity(`question-${order}`), ...newHelpQuestion('trajectory-1', order) }))
    const chosen = { ...v1Marker('marker-chosen', 300), leadSec: 4, lagSec: 6, chosen: true, chosenOrder: 0 }
    await old.table('coachees').add(coachee)
    await old.table('cycles').add(cycle)
    await old.table('lessons').add(lesson)
    await old.table('helpQuestions').bulkAdd(questions)
    await old.table('markers').bulkAdd([v1Marker('marker-late', 200), v1Marker('marker-early', 100), chosen])
    await old.table('outbox').add({ table: 'coachees', recordId: 'coachee-1', op: 'put', at: 1_000 })
    await old.table('meta').put({ key: 'locale', value: 'en' })
    expect(old.verno).toBe(1)
    old.close()

    db = openDb(name)
    await db.open()
    expect(db.verno).toBe(SCHEMA_VERSION)
    const repos = createRepositories(db)

    expect(await repos.coachees.get('coachee-1')).toEqual(coachee)
    expect(await repos.cycles.get('cycle-1')).toEqual(cycle)
    expect(await repos.lessons.get('lesson-1')).toEqual(lesson)
    expect(await repos.helpQuestions.byTrajectory('trajectory-1')).toEqual([questions[1], questions[0]])
    // v4 dropped the full-copy outbox: everything is enqueued when the tablet first signs in.
    expect(await db.outbox.count()).toBe(0)
    expect(await db.meta.get('locale')).toEqual({ key: 'locale', value: 'en' })

    const markers = await repos.markers.byLesson('lesson-1')
    expect(markers.map((m) => m.id)).toEqual(['marker-early', 'marker-late', 'marker-chosen'])
    expect(markers[0]).toEqual({ ...v1Marker('marker-early', 100), leadSec: 10, lagSec: 10, chosen: false, chosenOrder: null })
    expect(markers[2]).toEqual(chosen)

    const observation = await repos.observations.create({ lessonId: 'lesson-1', rowId: 'r', columnId: 'c', rating: 2, notes: '' })
    expect(await repos.observations.byLesson('lesson-1')).toEqual([observation])
  })

  it('declares versions in ascending order, the last one with every table', () => {
    const versions = SCHEMA_VERSIONS.map((entry) => entry.version)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
    expect(new Set(versions).size).toBe(versions.length)
    expect(Object.keys(SCHEMA_VERSIONS.at(-1)!.stores).sort()).toEqual([...RECORD_TABLES, 'outbox', 'meta', 'videoFiles', 'stamps', 'rejections', 'uploads'].sort())
  })

  it('v4 gives every record of a version 3 database its scope and field stamps, so sync can start', async () => {
    const old = new Dexie(name)
    declareVersions(old, SCHEMA_VERSIONS.filter((entry) => entry.version <= 3))
    await old.table('coachees').add({ ...entity('coachee-1', 100), ...newCoachee() })
    await old.table('trajectories').add({ ...entity('trajectory-1', 200), coacheeId: 'coachee-1', title: 't', startedOn: '2026-01-01', closedAt: null, notes: '' })
    await old.table('cycles').add({ ...entity('cycle-1', 300), ...newCycle('trajectory-1') })
    await old.table('lessons').add({ ...entity('lesson-1', 400), ...newLesson('cycle-1') })
    await old.table('markers').add({ ...entity('marker-1', 500), ...newMarker('lesson-1', 450) })
    await old.table('markers').add({ ...entity('orphan', 600), ...newMarker('lesson-gone', 450) })
    await old.table('outbox').add({ table: 'markers', recordId: 'marker-1', op: 'put', at: 500 })
    old.close()

    db = openDb(name)
    await db.open()
    const stamps = await db.stamps.toArray()
    expect(stamps.map((row) => [row.table, row.id, row.scope])).toEqual([
      ['coachees', 'coachee-1', 'coachee-1'],
      ['cycles', 'cycle-1', 'coachee-1'],
      ['lessons', 'lesson-1', 'coachee-1'],
      ['markers', 'marker-1', 'coachee-1'],
      ['markers', 'orphan', null],
      ['trajectories', 'trajectory-1', 'coachee-1'],
    ])
    const marker = stamps.find((row) => row.id === 'marker-1')!
    expect(Object.keys(marker.hlc).sort()).toEqual(Object.keys(newMarker('lesson-1', 450)).concat('createdAt', 'updatedAt', 'deletedAt').sort())
    expect(new Set(Object.values(marker.hlc))).toEqual(new Set([expect.stringMatching(/^0000000000500:00000:/)]))
    expect(await db.outbox.count()).toBe(0)

    // A write after the migration stamps later than every migrated stamp, even with a clock behind them.
    const repos = createRepositories(db, { now: () => 50 })
    await repos.markers.update('marker-1', { note: 'na de migratie' })
    const [row] = await db.outbox.toArray()
    expect(row).toMatchObject({ table: 'markers', id: 'marker-1', scope: 'coachee-1', fields: { note: { value: 'na de migratie' } } })
    expect(row!.fields.note!.hlc > marker.hlc.note!).toBe(true)
  })
})
