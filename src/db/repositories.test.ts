import 'fake-indexeddb/auto'
import { liveQuery } from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import type { RondblikDb } from './database'
import { createRepositories } from './repositories'
import {
  newCoachee,
  newCycle,
  newHelpQuestion,
  newLesson,
  newLessonGoal,
  newMarker,
  openTestDb,
  steppingClock,
} from './testing'

let db: RondblikDb
afterEach(async () => {
  await db.delete()
})

function setup() {
  db = openTestDb()
  return createRepositories(db, { now: steppingClock() })
}

async function seedTrajectory(repos: ReturnType<typeof setup>) {
  const coachee = await repos.coachees.create(newCoachee())
  return repos.trajectories.create({ coacheeId: coachee.id, title: 'Startbekwaam', startedOn: '2026-09-01', closedAt: null, notes: '' })
}

describe('createRepositories', () => {
  it('lists active and archived coachees by name in Dutch order, without tombstones', async () => {
    const repos = setup()
    for (const name of ['Zoë', 'ijsbrand', 'Émile', 'anna', 'Bert']) await repos.coachees.create(newCoachee({ name }))
    await repos.coachees.create(newCoachee({ name: 'Archie', archivedAt: 1 }))
    await repos.coachees.create(newCoachee({ name: 'Aad', archivedAt: 2 }))
    const gone = await repos.coachees.create(newCoachee({ name: 'Daan' }))
    await repos.coachees.remove(gone.id)

    expect((await repos.coachees.listActive()).map((c) => c.name)).toEqual(['anna', 'Bert', 'Émile', 'ijsbrand', 'Zoë'])
    expect((await repos.coachees.listArchived()).map((c) => c.name)).toEqual(['Aad', 'Archie'])
  })

  it('lists a trajectory’s cycles by number and help questions by order', async () => {
    const repos = setup()
    const trajectory = await seedTrajectory(repos)
    const other = await seedTrajectory(repos)
    for (const n of [3, 1, 2]) await repos.cycles.create(newCycle(trajectory.id, n))
    await repos.cycles.create(newCycle(other.id, 1))
    for (const order of [2, 0, 1]) await repos.helpQuestions.create(newHelpQuestion(trajectory.id, order))
    const dropped = await repos.helpQuestions.create(newHelpQuestion(trajectory.id, 3))
    await repos.helpQuestions.remove(dropped.id)

    expect((await repos.cycles.byTrajectory(trajectory.id)).map((c) => c.number)).toEqual([1, 2, 3])
    expect((await repos.helpQuestions.byTrajectory(trajectory.id)).map((q) => q.order)).toEqual([0, 1, 2])
    expect(await repos.trajectories.byCoachee(trajectory.coacheeId)).toEqual([trajectory])
  })

  it('lists a lesson’s markers by tap time, goals by order, recordings by clip', async () => {
    const repos = setup()
    const trajectory = await seedTrajectory(repos)
    const { cycle, lesson } = await repos.createCycleWithLesson(newCycle(trajectory.id), newLesson(''))
    for (const t of [30, 10, 20]) await repos.markers.create(newMarker(lesson.id, t))
    await repos.markers.create(newMarker('other', 5))
    for (const order of [1, 0]) await repos.lessonGoals.create(newLessonGoal(lesson.id, order))
    for (const clipIndex of [1, 0]) {
      await repos.recordings.create({
        lessonId: lesson.id, clipIndex, cameraFileUrl: null, startedAt: clipIndex, requestedAt: 0, confirmedAt: 0,
        stoppedAt: null, durationSec: null, bytes: 'none',
      })
    }

    expect((await repos.markers.byLesson(lesson.id)).map((m) => m.tappedAt)).toEqual([10, 20, 30])
    expect((await repos.lessonGoals.byLesson(lesson.id)).map((g) => g.order)).toEqual([0, 1])
    expect((await repos.recordings.byLesson(lesson.id)).map((r) => r.clipIndex)).toEqual([0, 1])
    expect(await repos.lessons.byCycle(cycle.id)).toEqual([lesson])
  })

  it('stores a renumbered selection of markers in one go, coalesced into their outbox rows', async () => {
    const repos = setup()
    const [a, b] = [await repos.markers.create(newMarker('l1', 1)), await repos.markers.create(newMarker('l1', 2))]
    const outboxBefore = await db.outbox.count()
    await repos.markers.choose([{ id: a.id, chosen: true, chosenOrder: 1 }, { id: b.id, chosen: true, chosenOrder: 0 }])
    expect((await repos.markers.byLesson('l1')).map((m) => [m.chosen, m.chosenOrder])).toEqual([[true, 1], [true, 0]])
    expect(await db.outbox.count()).toBe(outboxBefore)
    expect((await db.outbox.toArray()).map((row) => [row.id, row.fields.chosenOrder?.value])).toEqual([[a.id, 1], [b.id, 0]])
  })

  it('finds observations and follow-ups', async () => {
    const repos = setup()
    const observation = await repos.observations.create({ lessonId: 'l1', rowId: 'r1', columnId: 'c2', rating: 3, notes: '' })
    await repos.observations.create({ lessonId: 'l2', rowId: 'r1', columnId: 'c2', rating: null, notes: 'x' })
    const followUp = await repos.followUps.create({
      cycleId: 'c1', heldOn: null, fragments: [{ markerId: 'm1', answers: [{ question: 'Wat zag je?', answer: '…' }] }],
      conclusions: '', agreements: '', nextSteps: '',
    })

    expect(await repos.observations.byLesson('l1')).toEqual([observation])
    expect(await repos.observations.forCell('l1', 'r1', 'c2')).toEqual(observation)
    expect(await repos.observations.forCell('l1', 'r1', 'c1')).toBeUndefined()
    expect(await repos.followUps.byCycle('c1')).toEqual([followUp])
  })

  it('creates a cycle with its lesson in one transaction, or neither', async () => {
    const repos = setup()
    const { cycle, lesson } = await repos.createCycleWithLesson(newCycle('t1'), newLesson(''))
    expect(lesson.cycleId).toBe(cycle.id)
    expect((await db.outbox.toArray()).map((row) => [row.table, row.id])).toEqual([['cycles', cycle.id], ['lessons', lesson.id]])

    db.lessons.hook('creating', () => {
      throw new Error('quota')
    })
    await expect(repos.createCycleWithLesson(newCycle('t1', 2), newLesson(''))).rejects.toThrow('quota')
    expect(await db.cycles.count()).toBe(1)
    expect(await db.outbox.count()).toBe(2)
  })

  it('carries help questions over into the new cycle in the same transaction', async () => {
    const repos = setup()
    const first = await repos.createCycleWithLesson(newCycle('t1'), newLesson(''))
    const open = await repos.helpQuestions.create({ ...newHelpQuestion('t1', 0), cycleIds: [first.cycle.id] })
    const { cycle } = await repos.createCycleWithLesson(newCycle('t1', 2), newLesson(''), [open.id])
    expect((await repos.helpQuestions.get(open.id))?.cycleIds).toEqual([first.cycle.id, cycle.id])

    const before = await db.outbox.count()
    await expect(repos.createCycleWithLesson(newCycle('t1', 3), newLesson(''), [open.id, 'missing'])).rejects.toMatchObject({ code: 'notFound' })
    expect(await repos.cycles.byTrajectory('t1')).toHaveLength(2)
    expect((await repos.helpQuestions.get(open.id))?.cycleIds).toEqual([first.cycle.id, cycle.id])
    expect(await db.outbox.count()).toBe(before)
  })

  it('reorders in one transaction and rewrites only what moved', async () => {
    const repos = setup()
    const [a, b, c] = [
      await repos.lessonGoals.create(newLessonGoal('l1', 0)),
      await repos.lessonGoals.create(newLessonGoal('l1', 1)),
      await repos.lessonGoals.create(newLessonGoal('l1', 2)),
    ]
    const cRow = await db.outbox.where('[table+id]').equals(['lessonGoals', c!.id]).first()
    await repos.reorder('lessonGoals', [b!.id, a!.id, c!.id])

    expect((await repos.lessonGoals.byLesson('l1')).map((g) => g.id)).toEqual([b!.id, a!.id, c!.id])
    // The moved two are coalesced into new rows; the one in place is not rewritten.
    expect((await db.outbox.toArray()).map((row) => row.id)).toEqual([c!.id, b!.id, a!.id])
    expect(await db.outbox.where('[table+id]').equals(['lessonGoals', c!.id]).first()).toEqual(cRow)
    await expect(repos.reorder('lessonGoals', [c!.id, 'missing'])).rejects.toMatchObject({ code: 'notFound' })
    expect((await repos.lessonGoals.byLesson('l1')).map((g) => g.id)).toEqual([b!.id, a!.id, c!.id])
  })

  it('answers where() on every foreign key, also those covered only by a compound index', async () => {
    const repos = setup()
    const trajectory = await seedTrajectory(repos)
    const { cycle, lesson } = await repos.createCycleWithLesson(newCycle(trajectory.id), newLesson(''))
    const question = await repos.helpQuestions.create(newHelpQuestion(trajectory.id, 0))
    const goal = await repos.lessonGoals.create(newLessonGoal(lesson.id, 0))
    const marker = await repos.markers.create(newMarker(lesson.id, 1))

    expect(await repos.cycles.where('trajectoryId', trajectory.id)).toEqual([cycle])
    expect(await repos.helpQuestions.where('trajectoryId', trajectory.id)).toEqual([question])
    expect(await repos.lessonGoals.where('lessonId', lesson.id)).toEqual([goal])
    expect(await repos.markers.where('lessonId', lesson.id)).toEqual([marker])
    expect(await repos.recordings.where('lessonId', lesson.id)).toEqual([])
  })

  it('serves a live query that re-runs after a write', async () => {
    const repos = setup()
    const seen: number[][] = []
    const subscription = liveQuery(() => repos.markers.byLesson('l1')).subscribe((markers) => seen.push(markers.map((m) => m.tappedAt)))
    await waitFor(() => seen.length === 1)
    await repos.markers.create(newMarker('l1', 42))
    await waitFor(() => seen.length === 2)
    subscription.unsubscribe()
    expect(seen).toEqual([[], [42]])
  })

  it('changes a lesson\'s hidden sectors from what is stored, with its outbox row, and not at all on null', async () => {
    const repos = setup()
    const trajectory = await seedTrajectory(repos)
    const { lesson } = await repos.createCycleWithLesson(newCycle(trajectory.id), newLesson(''))
    await repos.lessons.update(lesson.id, { hiddenSectors: [{ fromYaw: 350, toYaw: 10 }] })
    const changed = await repos.lessons.changeHiddenSectors(lesson.id, (stored) => [...stored, { fromYaw: 80, toYaw: 120 }])
    expect(changed.hiddenSectors).toEqual([{ fromYaw: 350, toYaw: 10 }, { fromYaw: 80, toYaw: 120 }])
    expect((await repos.lessons.get(lesson.id))?.hiddenSectors).toEqual(changed.hiddenSectors)
    expect((await db.outbox.toArray()).some((row) => row.table === 'lessons' && row.id === lesson.id && 'hiddenSectors' in row.fields)).toBe(true)
    const unchanged = await repos.lessons.changeHiddenSectors(lesson.id, () => null)
    expect(unchanged.updatedAt).toBe(changed.updatedAt)
    await expect(repos.lessons.changeHiddenSectors('nope', () => [])).rejects.toMatchObject({ code: 'notFound' })
  })
})

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5))
  expect(condition()).toBe(true)
}
