import { dueForDeletion, retentionPlan, type RetentionItem, type RetentionRecords } from '../domain/retention'
import { RECORD_TABLES, type RondblikDb } from '../db/database'
import type { Repositories } from '../db/repositories'
import { syncTables } from '../db/repository'
import { readSetting } from '../db/settings'
import type { UploadRow } from '../sync/upload'

export interface RetentionDeps {
  db: RondblikDb
  repos: Repositories
  /** Removes one video file from OPFS (media/opfs removeFile). */
  removeFile(name: string): Promise<void>
  now(): number
  /** A recording runs: nothing is deleted now; the next run does it. */
  busy(): boolean
}

export type RetentionOutcome =
  | { ran: true; deleted: RetentionItem[] }
  | { ran: false; reason: 'recording' }

/** Everything the rules look at, read in one transaction (tombstones included: the rules skip them). */
export async function readRetentionRecords(db: RondblikDb): Promise<RetentionRecords> {
  const uploads = db.table<UploadRow, string>('uploads')
  return db.transaction('r', [...RECORD_TABLES.map((name) => db.table(name)), db.videoFiles, db.meta, uploads], async () => {
    const [coachees, trajectories, cycles, lessons, recordings, markers, followUps, videoFiles, uploadRows, kept] = await Promise.all([
      db.coachees.toArray(), db.trajectories.toArray(), db.cycles.toArray(), db.lessons.toArray(), db.recordings.toArray(),
      db.markers.toArray(), db.followUps.toArray(), db.videoFiles.toArray(), uploads.toArray(), readSetting(db, 'retentionKept'),
    ])
    return {
      coachees, trajectories, cycles, lessons, recordings, markers, followUps, videoFiles,
      keptUntil: new Map(Object.entries(kept)),
      uploads: serverCopies(uploadRows),
    }
  })
}

/** A file's copy on the school server: when it was verified, or null while it is still being sent. */
function serverCopies(rows: readonly UploadRow[]): Map<string, number | null> {
  const copies = new Map<string, number | null>()
  for (const row of rows) {
    if (row.state === 'verified') copies.set(row.id, row.updatedAt)
    else if (row.state !== 'failed') copies.set(row.id, null)
  }
  return copies
}

/**
 * Carries out the coach's retention settings: deletes what the rules say is due, nothing they hold
 * back, never while a recording runs. Video files go from OPFS first and their rows after, so a run cut
 * off half-way leaves a row the next run finishes, never a nameless file. An archived coachee's records
 * are tombstoned through the repositories (with their outbox rows), so sync carries the deletion.
 */
export function createRetentionExecutor(deps: RetentionDeps) {
  const { db, repos } = deps

  async function plan(): Promise<RetentionItem[]> {
    return retentionPlan(await readRetentionRecords(db), await readSetting(db, 'retention'), deps.now())
  }

  async function removeVideoFile(id: string): Promise<void> {
    const file = await repos.videoFiles.get(id)
    if (!file) return
    await deps.removeFile(file.name).catch((e: unknown) => {
      if (!(e instanceof DOMException && e.name === 'NotFoundError')) throw e
    })
    await repos.videoFiles.remove(id)
    // The upload queue shows a verified file whose copy is gone as freed, as its own freeSpace would.
    const uploads = db.table<UploadRow, string>('uploads')
    const upload = await uploads.get(id)
    if (upload?.state === 'verified' && upload.freedAt === null) await uploads.update(id, { freedAt: deps.now(), updatedAt: deps.now() })
  }

  /** Tombstones the coachee and everything under them, in one transaction: never half deleted. */
  function removeCoachee(coacheeId: string): Promise<void> {
    return db.transaction('rw', [...RECORD_TABLES.map((name) => db.table(name)), ...syncTables(db)], async () => {
      const trajectories = await repos.trajectories.byCoachee(coacheeId)
      for (const trajectory of trajectories) {
        const cycles = await repos.cycles.byTrajectory(trajectory.id)
        for (const cycle of cycles) {
          for (const lesson of await repos.lessons.byCycle(cycle.id)) {
            for (const child of ['lessonGoals', 'recordings', 'markers', 'observations'] as const) {
              for (const record of await repos[child].byLesson(lesson.id)) await repos[child].remove(record.id)
            }
            await repos.lessons.remove(lesson.id)
          }
          for (const followUp of await repos.followUps.byCycle(cycle.id)) await repos.followUps.remove(followUp.id)
          await repos.cycles.remove(cycle.id)
        }
        for (const question of await repos.helpQuestions.byTrajectory(trajectory.id)) await repos.helpQuestions.remove(question.id)
        await repos.trajectories.remove(trajectory.id)
      }
      await repos.coachees.remove(coacheeId)
    })
  }

  /** Deletes what is due now; a recording that starts meanwhile stops the run between two items. */
  async function run(): Promise<RetentionOutcome> {
    if (deps.busy()) return { ran: false, reason: 'recording' }
    const deleted: RetentionItem[] = []
    for (const item of dueForDeletion(await plan())) {
      if (deps.busy()) return { ran: false, reason: 'recording' }
      for (const id of item.videoFileIds) await removeVideoFile(id)
      if (item.kind === 'archivedCoachee') await removeCoachee(item.coacheeId)
      deleted.push(item)
    }
    return { ran: true, deleted }
  }

  return { plan, run }
}

export type RetentionExecutor = ReturnType<typeof createRetentionExecutor>
