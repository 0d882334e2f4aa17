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
    expect(await db.outbox.count()).toBe(1)
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
    expect(Object.keys(SCHEMA_VERSIONS.at(-1)!.stores).sort()).toEqual([...RECORD_TABLES, 'outbox', 'meta', 'videoFiles'].sort())
  })
})
