import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import type { RondblikDb } from '../db/database'
import { createRepositories, type Repositories } from '../db/repositories'
import { writeSetting } from '../db/settings'
import { newCoachee, newCycle, newHelpQuestion, newLesson, newLessonGoal, newMarker, openTestDb } from '../db/testing'
import type { VideoFile } from '../domain/model'
import type { UploadRow } from '../sync/upload'
import { createRetentionExecutor } from './executor'

process.env.TZ = 'Europe/Amsterdam'
const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime()

let db: RondblikDb
afterEach(async () => {
  await db.delete()
})

/** A fake clock the test moves, a fake OPFS folder, and a recording flag. */
function setup() {
  db = openTestDb()
  const clock = { now: at(2026, 9, 1) }
  const repos = createRepositories(db, { now: () => clock.now })
  const folder = new Set<string>()
  const state = { recording: false }
  const executor = createRetentionExecutor({
    db, repos, now: () => clock.now, busy: () => state.recording,
    removeFile: async (name) => {
      if (!folder.delete(name)) throw new DOMException(`${name} is not there`, 'NotFoundError')
    },
  })
  return { repos, clock, folder, state, executor }
}

type Setup = ReturnType<typeof setup>

async function addFile({ repos, folder }: Setup, recordingId: string, id: string, kind: VideoFile['kind'], startSec: number, endSec: number) {
  await repos.videoFiles.put({ id, recordingId, kind, name: `${id}.mp4`, startSec, endSec, size: 10, reached: 10, crc: 0, state: 'done', createdAt: 1, updatedAt: 1 })
  folder.add(`${id}.mp4`)
}

/** A coachee with one cycle, its lesson and one recording with a whole file and a fragment around a marker at 50 s. */
async function coacheeWithLesson(s: Setup, name: string, options: { followUpDone: boolean; chosen: boolean; archivedAt?: number }) {
  const { repos } = s
  const coachee = await repos.coachees.create(newCoachee({ name, archivedAt: options.archivedAt ?? null }))
  const trajectory = await repos.trajectories.create({ coacheeId: coachee.id, title: '', startedOn: '2026-09-01', closedAt: null, notes: '' })
  const cycle = await repos.cycles.create({ ...newCycle(trajectory.id), steps: { intake: 'done', visit: 'done', followUp: options.followUpDone ? 'done' : 'open' } })
  await repos.helpQuestions.create(newHelpQuestion(trajectory.id, 0))
  const lesson = await repos.lessons.create(newLesson(cycle.id))
  await repos.lessonGoals.create(newLessonGoal(lesson.id, 0))
  const recording = await repos.recordings.create({
    lessonId: lesson.id, clipIndex: 0, cameraFileUrl: null, startedAt: 0, requestedAt: 0, confirmedAt: 0, stoppedAt: 1, durationSec: 300, bytes: 'full',
  })
  await repos.markers.create({ ...newMarker(lesson.id, 1), recordingId: recording.id, offsetSec: 50, chosen: options.chosen, chosenOrder: options.chosen ? 0 : null })
  await repos.observations.create({ lessonId: lesson.id, rowId: 'r', columnId: 'c', rating: 3, notes: '' })
  await repos.followUps.create({ cycleId: cycle.id, heldOn: '2026-11-01', fragments: [], conclusions: '', agreements: '', nextSteps: '' })
  await addFile(s, recording.id, `${name}-full`, 'full', 0, 300)
  await addFile(s, recording.id, `${name}-frag`, 'fragment', 40, 60)
  return { coachee, trajectory, recording }
}

const fileIds = async (repos: Repositories) => (await repos.videoFiles.byRecordings((await repos.recordings.all()).map((r) => r.id))).map((f) => f.id).sort()

describe('the retention executor', () => {
  it('deletes a whole recording 14 days after its nagesprek, from OPFS and its row; its fragment stays while the trajectory runs', async () => {
    const s = setup()
    await coacheeWithLesson(s, 'anna', { followUpDone: true, chosen: true })

    s.clock.now = at(2026, 11, 14)
    expect(await s.executor.run()).toEqual({ ran: true, deleted: [] })
    expect(s.folder).toEqual(new Set(['anna-full.mp4', 'anna-frag.mp4']))

    s.clock.now = at(2026, 11, 15)
    const outcome = await s.executor.run()
    expect(outcome.ran && outcome.deleted.map((i) => i.kind)).toEqual(['fullRecording'])
    expect(s.folder).toEqual(new Set(['anna-frag.mp4']))
    expect(await fileIds(s.repos)).toEqual(['anna-frag'])
    // Nothing left to do: a second run (the next day, a second tab) deletes nothing more.
    expect(await s.executor.run()).toEqual({ ran: true, deleted: [] })
  })

  it('never deletes a fragment chosen for an unfinished nagesprek, however long the trajectory has been closed', async () => {
    const s = setup()
    const { trajectory } = await coacheeWithLesson(s, 'bram', { followUpDone: false, chosen: true })
    await s.repos.trajectories.update(trajectory.id, { closedAt: at(2026, 10, 1) })

    s.clock.now = at(2027, 6, 1)
    expect(await s.executor.run()).toEqual({ ran: true, deleted: [] })
    expect(s.folder).toEqual(new Set(['bram-full.mp4', 'bram-frag.mp4']))
    expect((await s.executor.plan()).map((i) => [i.kind, i.state, i.heldBy])).toEqual([['fragments', 'held', 'nagesprek']])
  })

  it('keeps what the coach chose to keep longer, until that date', async () => {
    const s = setup()
    const { recording } = await coacheeWithLesson(s, 'anna', { followUpDone: true, chosen: false })
    await writeSetting(db, 'retentionKept', { [recording.id]: at(2027, 1, 10) })

    s.clock.now = at(2027, 1, 9)
    expect(await s.executor.run()).toEqual({ ran: true, deleted: [] })
    s.clock.now = at(2027, 1, 10)
    expect((await s.executor.run()).ran).toBe(true)
    expect(s.folder).toEqual(new Set(['anna-frag.mp4']))
  })

  it('follows the coach’s own periods', async () => {
    const s = setup()
    await coacheeWithLesson(s, 'anna', { followUpDone: true, chosen: false })
    await writeSetting(db, 'retention', { recordingDays: 30, fragmentDays: 14, archivedMonths: 12, warnDays: 3 })
    s.clock.now = at(2026, 11, 20)
    expect(await s.executor.run()).toEqual({ ran: true, deleted: [] })
    s.clock.now = at(2026, 12, 1)
    expect(s.folder.has('anna-full.mp4')).toBe(true)
    await s.executor.run()
    expect(s.folder.has('anna-full.mp4')).toBe(false)
  })

  it('deletes an archived coachee after 12 months with every record under them as tombstones (sync sees them) and all their video', async () => {
    const s = setup()
    const other = await coacheeWithLesson(s, 'anna', { followUpDone: false, chosen: false })
    const gone = await coacheeWithLesson(s, 'cees', { followUpDone: true, chosen: false, archivedAt: at(2025, 10, 1) })
    const tables = ['coachees', 'trajectories', 'cycles', 'helpQuestions', 'lessons', 'lessonGoals', 'recordings', 'markers', 'observations', 'followUps'] as const

    s.clock.now = at(2026, 10, 1)
    const outcome = await s.executor.run()
    expect(outcome.ran && outcome.deleted.map((i) => [i.kind, i.coacheeId])).toEqual([['archivedCoachee', gone.coachee.id]])
    expect(s.folder).toEqual(new Set(['anna-full.mp4', 'anna-frag.mp4']))
    for (const table of tables) {
      const rows = await db.table(table).toArray() as { deletedAt: number | null }[]
      // Each table held one record of each coachee: Cees's is a tombstone now, Anna's is untouched.
      expect(rows.map((r) => r.deletedAt).sort()).toEqual([at(2026, 10, 1), null].sort())
    }
    const outbox = await db.outbox.toArray()
    expect(outbox.filter((row) => row.scope === gone.coachee.id && row.fields.deletedAt?.value === at(2026, 10, 1))).toHaveLength(tables.length)
    expect(await s.repos.coachees.get(other.coachee.id)).toBeDefined()
  })

  it('deletes nothing while a recording runs; the next run does', async () => {
    const s = setup()
    await coacheeWithLesson(s, 'anna', { followUpDone: true, chosen: false })
    s.clock.now = at(2026, 12, 1)
    s.state.recording = true
    expect(await s.executor.run()).toEqual({ ran: false, reason: 'recording' })
    expect(s.folder.size).toBe(2)
    s.state.recording = false
    expect((await s.executor.run()).ran).toBe(true)
    expect(s.folder.size).toBe(1)
  })

  it('finishes a run cut off between the file and its row, and releases a verified upload early (marked freed)', async () => {
    const s = setup()
    const { recording } = await coacheeWithLesson(s, 'anna', { followUpDone: true, chosen: false })
    const upload: UploadRow = {
      id: 'anna-full', recordingId: recording.id, scope: 'x', kind: 'whole', startSec: 0, endSec: 300, size: 10, crc32: 0, uploadUrl: null,
      sent: 10, state: 'verified', error: null, freedAt: null, createdAt: at(2026, 11, 2), updatedAt: at(2026, 11, 2),
    }
    await db.table('uploads').put(upload)
    s.folder.delete('anna-full.mp4') // the file went, the tab closed before its row did

    // Verified on 2 November: due 3 warning days later, not 14 days after the nagesprek.
    s.clock.now = at(2026, 11, 5)
    expect((await s.executor.plan())[0]).toMatchObject({ kind: 'fullRecording', dueAt: at(2026, 11, 5), state: 'due' })
    await s.executor.run()
    expect(await fileIds(s.repos)).toEqual(['anna-frag'])
    expect(await db.table<UploadRow, string>('uploads').get('anna-full')).toMatchObject({ freedAt: at(2026, 11, 5) })
  })
})
