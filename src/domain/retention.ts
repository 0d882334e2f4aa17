import type { Coachee, Cycle, Entity, FollowUp, Lesson, Marker, Recording, Trajectory, VideoFile } from './model'
import { dateOf } from './calendar'
import { isLive } from './entity'

/**
 * How long what shows children or names a teacher stays on the tablet (issue 11, AVG): the coach's
 * own settings. Raw whole recordings go first, the chosen fragments when the trajectory has ended,
 * an archived coachee with everything of theirs after some months.
 */
export interface RetentionSettings {
  /** Whole recordings: days after the nagesprek of their cycle. */
  recordingDays: number
  /** Fragments: days after the trajectory was closed. */
  fragmentDays: number
  /** Archived coachees (and all their records and video): months after archiving. */
  archivedMonths: number
  /** The coach is warned this many days before anything is deleted. */
  warnDays: number
}

export const RETENTION_DEFAULTS: RetentionSettings = { recordingDays: 14, fragmentDays: 14, archivedMonths: 12, warnDays: 3 }

export const RETENTION_LIMITS: Record<keyof RetentionSettings, { min: number; max: number }> = {
  recordingDays: { min: 1, max: 365 },
  fragmentDays: { min: 0, max: 365 },
  archivedMonths: { min: 1, max: 120 },
  warnDays: { min: 0, max: 30 },
}

export type RetentionSettingsError = { field: keyof RetentionSettings; min: number; max: number }

export function validateRetentionSettings(settings: RetentionSettings): RetentionSettingsError | null {
  for (const field of Object.keys(RETENTION_LIMITS) as (keyof RetentionSettings)[]) {
    const { min, max } = RETENTION_LIMITS[field]
    const value = settings[field]
    if (!Number.isInteger(value) || value < min || value > max) return { field, min, max }
  }
  return null
}

export type RetentionKind = 'fullRecording' | 'fragments' | 'archivedCoachee'

/**
 * One thing that will be deleted: `scheduled` (later), `warn` (within the warning days), `due`
 * (may go now), or `held` — never deleted while a fragment in it is chosen for a nagesprek that is
 * not finished, whatever the dates say.
 */
export interface RetentionItem {
  kind: RetentionKind
  coacheeId: string
  /** The recording whose files go (fullRecording, fragments); absent for an archived coachee. */
  recordingId?: string
  /** The video files that go (for an archived coachee: all of theirs). */
  videoFileIds: string[]
  dueAt: number
  /** The coach chose to keep it longer: dueAt is their date. */
  keptLonger: boolean
  state: 'scheduled' | 'warn' | 'due' | 'held'
  /** Why a held item waits: a fragment chosen for an open nagesprek, or a file still on its way to the school server. */
  heldBy?: 'nagesprek' | 'upload'
}

export interface RetentionRecords {
  coachees: readonly Coachee[]
  trajectories: readonly Trajectory[]
  cycles: readonly Cycle[]
  lessons: readonly Lesson[]
  recordings: readonly Recording[]
  markers: readonly Marker[]
  followUps: readonly FollowUp[]
  videoFiles: readonly VideoFile[]
  /** Keep longer, on purpose: a recording id or coachee id → kept until (ms). */
  keptUntil: ReadonlyMap<string, number>
  /** The school server's copies, once sync is set up: a video file id → when the server verified it, null while on its way. */
  uploads?: ReadonlyMap<string, number | null>
}

const DAY_MS = 86_400_000

/** The same local time N days later (a day is not always 24 h around a clock change). */
function addDays(at: number, days: number): number {
  const date = new Date(at)
  date.setDate(date.getDate() + days)
  return date.getTime()
}

/** N months later, on the last day of the month when it is shorter (31 January + 1 → 28/29 February). */
function addMonths(at: number, months: number): number {
  const date = new Date(at)
  const day = date.getDate()
  date.setDate(1)
  date.setMonth(date.getMonth() + months)
  const last = new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate()
  date.setDate(Math.min(day, last))
  return date.getTime()
}

/** When the nagesprek of a cycle was held: its date (noon, local) or else when the step was done. */
function followUpHeldAt(cycle: Cycle, followUp: FollowUp | undefined): number | null {
  if (cycle.steps.followUp !== 'done') return null
  return (followUp?.heldOn ? dateOf(followUp.heldOn)?.getTime() : undefined) ?? cycle.updatedAt
}

/** Whether one of these markers, chosen for its cycle's nagesprek, lies in the file. */
function holdsChosen(file: VideoFile, chosen: readonly Marker[]): boolean {
  return chosen.some((m) => m.recordingId === file.recordingId && m.offsetSec !== null
    && m.offsetSec + m.lagSec >= file.startSec && m.offsetSec - m.leadSec <= file.endSec)
}

/** What will be deleted, when, and what holds it back; soonest first. */
export function retentionPlan(records: RetentionRecords, settings: RetentionSettings, now: number): RetentionItem[] {
  const live = <T extends Entity>(rows: readonly T[]) => rows.filter(isLive)
  const trajectories = new Map(live(records.trajectories).map((t) => [t.id, t]))
  const cycles = new Map(live(records.cycles).map((c) => [c.id, c]))
  const lessons = new Map(live(records.lessons).map((l) => [l.id, l]))
  const followUps = new Map(live(records.followUps).map((f) => [f.cycleId, f]))
  const coachees = live(records.coachees)
  const filesOf = new Map<string, VideoFile[]>()
  for (const file of records.videoFiles) filesOf.set(file.recordingId, [...(filesOf.get(file.recordingId) ?? []), file])

  // Markers chosen for a nagesprek that is not done yet: their fragments must stay.
  const chosenOpen = live(records.markers).filter((m) => {
    const cycle = cycles.get(lessons.get(m.lessonId)?.cycleId ?? '')
    return m.chosen && cycle !== undefined && cycle.steps.followUp !== 'done'
  })

  const items: RetentionItem[] = []
  const add = (item: Omit<RetentionItem, 'state' | 'keptLonger' | 'dueAt' | 'heldBy'>, computedDue: number, keptKey: string, heldBy: RetentionItem['heldBy']): void => {
    const kept = records.keptUntil.get(keptKey)
    const dueAt = kept !== undefined && kept > computedDue ? kept : computedDue
    const state = heldBy ? 'held' : now >= dueAt ? 'due' : now >= dueAt - settings.warnDays * DAY_MS ? 'warn' : 'scheduled'
    items.push({ ...item, dueAt, keptLonger: dueAt !== computedDue, state, ...(heldBy ? { heldBy } : {}) })
  }
  const uploads = records.uploads ?? new Map<string, number | null>()

  const archived = new Set<string>()
  for (const coachee of coachees) {
    if (coachee.archivedAt === null) continue
    archived.add(coachee.id)
    const own = new Set([...trajectories.values()].filter((t) => t.coacheeId === coachee.id).map((t) => t.id))
    const ownCycles = new Set([...cycles.values()].filter((c) => own.has(c.trajectoryId)).map((c) => c.id))
    const ownLessons = new Set([...lessons.values()].filter((l) => ownCycles.has(l.cycleId)).map((l) => l.id))
    const files = live(records.recordings).filter((r) => ownLessons.has(r.lessonId)).flatMap((r) => filesOf.get(r.id) ?? [])
    const heldBy = chosenOpen.some((m) => ownLessons.has(m.lessonId)) ? 'nagesprek' : files.some((f) => uploads.get(f.id) === null) ? 'upload' : undefined
    add({ kind: 'archivedCoachee', coacheeId: coachee.id, videoFileIds: files.map((f) => f.id) }, addMonths(coachee.archivedAt, settings.archivedMonths), coachee.id, heldBy)
  }

  for (const recording of live(records.recordings)) {
    const files = filesOf.get(recording.id) ?? []
    const cycle = cycles.get(lessons.get(recording.lessonId)?.cycleId ?? '')
    const trajectory = trajectories.get(cycle?.trajectoryId ?? '')
    // An archived coachee's files go with the coachee: one item, one date.
    if (!cycle || !trajectory || archived.has(trajectory.coacheeId) || files.length === 0) continue
    const item = { coacheeId: trajectory.coacheeId, recordingId: recording.id }

    // Only after its nagesprek is done (reopened: no date), so none of its markers waits for one.
    const full = files.filter((f) => f.kind === 'full')
    const heldAt = followUpHeldAt(cycle, followUps.get(cycle.id))
    if (full.length > 0 && heldAt !== null) {
      // The school server verified its copy: the tablet's goes once the warning days are over, not N days later.
      const verified = full.map((f) => uploads.get(f.id))
      const allVerified = verified.every((at): at is number => typeof at === 'number')
      const due = allVerified ? Math.min(addDays(Math.max(heldAt, ...verified), settings.warnDays), addDays(heldAt, settings.recordingDays)) : addDays(heldAt, settings.recordingDays)
      // A file still on its way to the server is not deleted: it would be lost on both.
      add({ ...item, kind: 'fullRecording', videoFileIds: full.map((f) => f.id) }, due, recording.id, verified.includes(null) ? 'upload' : undefined)
    }
    const fragments = files.filter((f) => f.kind === 'fragment')
    if (fragments.length > 0 && trajectory.closedAt !== null) {
      add({ ...item, kind: 'fragments', videoFileIds: fragments.map((f) => f.id) }, addDays(trajectory.closedAt, settings.fragmentDays), recording.id,
        fragments.some((f) => holdsChosen(f, chosenOpen)) ? 'nagesprek' : fragments.some((f) => uploads.get(f.id) === null) ? 'upload' : undefined)
    }
  }
  return items.sort((a, b) => a.dueAt - b.dueAt)
}

/** What may be deleted now: only items due and not held (a held item waits for its nagesprek). */
export function dueForDeletion(plan: readonly RetentionItem[]): RetentionItem[] {
  return plan.filter((item) => item.state === 'due')
}
