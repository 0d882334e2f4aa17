import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import type { RondblikDb } from '../db/database'
import { createRepositories } from '../db/repositories'
import { newCoachee, openTestDb } from '../db/testing'
import { isDemoId } from '../domain/demo'
import { crc32 } from '../media/crc32'
import { hasDemo, installDemo, removeDemo, type DemoVideoStore } from './demo'

let db: RondblikDb
afterEach(async () => {
  await db.delete()
})

function setup() {
  db = openTestDb()
  const files = new Map<string, Uint8Array>()
  const video: DemoVideoStore = {
    write: async (name, bytes) => { files.set(name, bytes) },
    remove: async (name) => { files.delete(name) },
  }
  return { repos: createRepositories(db), files, video }
}

const clip = new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112, 1, 2, 3])

describe('the demo coachee', () => {
  it('is one finished cycle: intake, a visit with its whole clip on the tablet, markers chosen 2:1, a nagesprek', async () => {
    const { repos, files, video } = setup()
    const coachee = await installDemo(repos, video, clip, 'nl', Date.UTC(2026, 11, 3, 10))

    expect(coachee.name).toContain('demo')
    const [trajectory] = await repos.trajectories.byCoachee(coachee.id)
    const [cycle] = await repos.cycles.byTrajectory(trajectory!.id)
    expect(cycle!.steps).toEqual({ intake: 'done', visit: 'done', followUp: 'done' })
    expect(cycle!.intakeDate).toBe('2026-11-19')
    const [lesson] = await repos.lessons.byCycle(cycle!.id)
    const [recording] = await repos.recordings.byLesson(lesson!.id)
    expect(recording).toMatchObject({ bytes: 'full', durationSec: 30 })
    const [file] = await repos.videoFiles.byRecordings([recording!.id])
    expect(file).toMatchObject({ kind: 'full', state: 'done', size: clip.byteLength, reached: clip.byteLength, crc: crc32(clip) })
    expect(files.get(file!.name)).toEqual(clip)

    const markers = await repos.markers.byLesson(lesson!.id)
    const chosen = markers.filter((m) => m.chosen)
    expect(chosen.filter((m) => m.kind === 'pearl')).toHaveLength(2 * chosen.filter((m) => m.kind === 'puzzle').length)
    expect(markers.every((m) => m.recordingId === recording!.id && m.offsetSec! < 30)).toBe(true)
    const [followUp] = await repos.followUps.byCycle(cycle!.id)
    expect(followUp!.fragments.map((f) => f.markerId)).toEqual(chosen.sort((a, b) => a.chosenOrder! - b.chosenOrder!).map((m) => m.id))
    expect((await repos.helpQuestions.byTrajectory(trajectory!.id)).every((q) => q.cycleIds.includes(cycle!.id))).toBe(true)
    expect((await repos.lessonGoals.byLesson(lesson!.id))).toHaveLength(2)
  })

  it('is removed with its video, and nothing of a real coachee is touched', async () => {
    const { repos, files, video } = setup()
    const real = await repos.coachees.create(newCoachee())
    const realTrajectory = await repos.trajectories.create({ coacheeId: real.id, title: 'Echt', startedOn: '2026-09-01', closedAt: null, notes: '' })
    await installDemo(repos, video, clip, 'en')
    expect(await hasDemo(repos)).toBe(true)

    await removeDemo(repos, video)

    expect(await hasDemo(repos)).toBe(false)
    expect(files.size).toBe(0)
    expect((await repos.coachees.all()).map((c) => c.id)).toEqual([real.id])
    expect((await repos.trajectories.all()).map((t) => t.id)).toEqual([realTrajectory.id])
    for (const table of ['cycles', 'lessons', 'markers', 'recordings', 'followUps', 'helpQuestions'] as const) {
      expect(await repos[table].all()).toEqual([])
    }
  })

  it('installed again replaces the first: one demo coachee, every record with the demo prefix', async () => {
    const { repos, files, video } = setup()
    await installDemo(repos, video, clip, 'nl')
    await installDemo(repos, video, clip, 'nl')
    expect((await repos.coachees.all()).filter((c) => isDemoId(c.id))).toHaveLength(1)
    expect(files.size).toBe(1)
    expect((await repos.markers.all()).every((m) => isDemoId(m.id) && isDemoId(m.lessonId))).toBe(true)
  })
})
