import type {
  Coachee,
  Cycle,
  Entity,
  FollowUp,
  HelpQuestion,
  Lesson,
  LessonGoal,
  Marker,
  Observation,
  Recording,
  Trajectory,
} from '../domain/model'
import type { YawSector } from '../domain/sectors'
import { placeMarkers } from '../domain/timing'
import type { RondblikDb } from './database'
import { createVideoFiles } from './video-files'
import { createRepository, StorageError, syncTables, type NewRecord, type RepositoryOptions, type TableOf } from './repository'

const dutch = new Intl.Collator('nl')
const byName = (a: Coachee, b: Coachee): number => dutch.compare(a.name, b.name)

/** Records kept in a coach-chosen order. */
type Ordered = Entity & { order: number }

export function createRepositories(db: RondblikDb, options: RepositoryOptions = {}) {
  const now = options.now ?? Date.now
  const repo = <T extends Entity>(table: TableOf<T>) => createRepository<T>(db, table, options)

  const coachees = repo<Coachee>('coachees')
  const trajectories = repo<Trajectory>('trajectories')
  const cycles = repo<Cycle>('cycles')
  const helpQuestions = repo<HelpQuestion>('helpQuestions')
  const lessons = repo<Lesson>('lessons')
  const lessonGoals = repo<LessonGoal>('lessonGoals')
  const recordings = repo<Recording>('recordings')
  const markers = repo<Marker>('markers')
  const observations = repo<Observation>('observations')
  const followUps = repo<FollowUp>('followUps')

  return {
    coachees: {
      ...coachees,
      listActive: async () => (await coachees.all()).filter((c) => c.archivedAt === null).sort(byName),
      listArchived: async () => (await coachees.all()).filter((c) => c.archivedAt !== null).sort(byName),
    },
    trajectories: { ...trajectories, byCoachee: (coacheeId: string) => trajectories.where('coacheeId', coacheeId) },
    cycles: { ...cycles, byTrajectory: (trajectoryId: string) => cycles.ordered('trajectoryId', trajectoryId, 'number') },
    helpQuestions: {
      ...helpQuestions,
      byTrajectory: (trajectoryId: string) => helpQuestions.ordered('trajectoryId', trajectoryId, 'order'),
    },
    lessons: {
      ...lessons,
      byCycle: (cycleId: string) => lessons.where('cycleId', cycleId),
      /**
       * Changes the parts of the room kept out of view from what is stored, in one transaction, so a
       * sector marked on another screen or tablet meanwhile is kept. `change` returns null for no change.
       */
      changeHiddenSectors: (lessonId: string, change: (stored: YawSector[]) => YawSector[] | null): Promise<Lesson> =>
        db.transaction('rw', [db.lessons, ...syncTables(db)], async () => {
          const lesson = await lessons.get(lessonId)
          if (!lesson) throw new StorageError('notFound', 'lessons', lessonId)
          const next = change(lesson.hiddenSectors ?? [])
          return next ? lessons.update(lessonId, { hiddenSectors: next }) : lesson
        }),
    },
    lessonGoals: { ...lessonGoals, byLesson: (lessonId: string) => lessonGoals.ordered('lessonId', lessonId, 'order') },
    recordings: { ...recordings, byLesson: (lessonId: string) => recordings.ordered('lessonId', lessonId, 'clipIndex') },
    markers: {
      ...markers,
      byLesson: (lessonId: string) => markers.ordered('lessonId', lessonId, 'tappedAt'),
      /** Writes a renumbered selection for the nagesprek at once: never half stored. */
      choose: (changed: readonly Pick<Marker, 'id' | 'chosen' | 'chosenOrder'>[]): Promise<void> =>
        db.transaction('rw', [db.markers, ...syncTables(db)], async () => {
          for (const { id, chosen, chosenOrder } of changed) await markers.update(id, { chosen, chosenOrder })
        }),
      /**
       * Renumbers the lesson's selection from what is stored, read and written in one transaction:
       * two quick taps, two tabs or a sync applying pulled rows each see the other's result.
       */
      changeSelection: (lessonId: string, change: (stored: Marker[]) => Pick<Marker, 'id' | 'chosen' | 'chosenOrder'>[]): Promise<void> =>
        db.transaction('rw', [db.markers, ...syncTables(db)], async () => {
          for (const { id, chosen, chosenOrder } of change(await markers.ordered('lessonId', lessonId, 'tappedAt'))) {
            await markers.update(id, { chosen, chosenOrder })
          }
        }),
    },
    observations: {
      ...observations,
      byLesson: (lessonId: string) => observations.where('lessonId', lessonId),
      /** The observation of one kijkwijzer cell, if any. */
      forCell: async (lessonId: string, rowId: string, columnId: string): Promise<Observation | undefined> =>
        (await observations.where('[lessonId+rowId+columnId]', [lessonId, rowId, columnId]))[0],
      /** Rates or notes one cell, creating its observation on the first write; one per cell, even when two writes meet. */
      writeCell: (lessonId: string, rowId: string, columnId: string, patch: Partial<Pick<Observation, 'rating' | 'notes'>>): Promise<Observation> =>
        db.transaction('rw', [db.observations, ...syncTables(db)], async () => {
          const [existing] = await observations.where('[lessonId+rowId+columnId]', [lessonId, rowId, columnId])
          if (existing) return observations.update(existing.id, patch)
          return observations.create({ lessonId, rowId, columnId, rating: patch.rating ?? null, notes: patch.notes ?? '' })
        }),
    },
    followUps: {
      ...followUps,
      byCycle: (cycleId: string) => followUps.where('cycleId', cycleId),
      /**
       * Changes the cycle's nagesprek from what is stored (made from `fresh` on the first change), in
       * one transaction: two answers typed in quick succession, or in two tabs, never overwrite each other.
       */
      change: (cycleId: string, fresh: () => Omit<NewRecord<FollowUp>, 'cycleId'>, apply: (record: FollowUp) => Partial<FollowUp>): Promise<FollowUp> =>
        db.transaction('rw', [db.followUps, ...syncTables(db)], async () => {
          const [existing] = await followUps.where('cycleId', cycleId)
          const record = existing ?? await followUps.create({ ...fresh(), cycleId })
          return followUps.update(record.id, apply(record))
        }),
    },
    videoFiles: createVideoFiles(db),

    /**
     * A new cycle and its class visit, stored together or not at all; `carriedOverIds` are help
     * questions (usually still open) that the new cycle works on too.
     */
    createCycleWithLesson(
      cycle: NewRecord<Cycle>,
      lesson: Omit<NewRecord<Lesson>, 'cycleId'>,
      carriedOverIds: readonly string[] = [],
    ): Promise<{ cycle: Cycle; lesson: Lesson }> {
      return db.transaction('rw', [db.cycles, db.lessons, db.helpQuestions, ...syncTables(db)], async () => {
        const created = await cycles.create(cycle)
        for (const id of carriedOverIds) {
          const question = await helpQuestions.get(id)
          if (!question) throw new StorageError('notFound', 'helpQuestions', id)
          await helpQuestions.update(id, { cycleIds: [...question.cycleIds, created.id] })
        }
        return { cycle: created, lesson: await lessons.create({ ...lesson, cycleId: created.id }) }
      })
    },

    /**
     * Places a lesson's tapped markers anew against its clips as stored now, in one transaction: a
     * clip that began later covers earlier "buiten opname" taps, a clip's start re-fitted to its file moves them.
     */
    placeLessonMarkers(lessonId: string): Promise<void> {
      return db.transaction('rw', [db.markers, db.recordings, ...syncTables(db)], async () => {
        const [clips, all] = await Promise.all([
          recordings.ordered('lessonId', lessonId, 'clipIndex'),
          markers.ordered('lessonId', lessonId, 'tappedAt'),
        ])
        for (const marker of placeMarkers(all, clips, now())) {
          await markers.update(marker.id, { recordingId: marker.recordingId, offsetSec: marker.offsetSec })
        }
      })
    },

    /** Gives `ids` the order 0, 1, 2 … in one transaction; records already in place are not rewritten. */
    reorder(table: TableOf<Ordered>, ids: readonly string[]): Promise<void> {
      const ordered = repo<Ordered>(table)
      return db.transaction('rw', [db.table(table), ...syncTables(db)], async () => {
        for (const [order, id] of ids.entries()) {
          const record = await ordered.get(id)
          if (record?.order !== order) await ordered.update(id, { order })
        }
      })
    },
  }
}

export type Repositories = ReturnType<typeof createRepositories>
