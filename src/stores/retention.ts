import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { isoDate } from '../domain/calendar'
import type { Recording } from '../domain/model'
import type { Camera } from '../camera'
import { RETENTION_DEFAULTS, retentionPlan, validateRetentionSettings, type RetentionItem, type RetentionRecords, type RetentionSettings, type RetentionSettingsError } from '../domain/retention'
import { getDb } from '../db/database'
import { repositories } from '../db/app'
import { readSetting, writeSetting } from '../db/settings'
import { removeFile } from '../media/opfs'
import { createRetentionExecutor, readRetentionRecords } from '../retention/executor'
import { useLiveQuery } from '../composables/useLiveQuery'
import { useNotices } from '../composables/useNotices'
import { useVisitStore } from './visit'

/** One line of the overview: what goes, whose it is, and which lesson. */
export interface RetentionRow {
  /** What "Langer bewaren" is kept under: the recording, or the archived coachee. */
  key: string
  item: RetentionItem
  coacheeName: string
  /** The cycle's number ("les 3"); null for an archived coachee. */
  lessonNumber: number | null
  /** 1-based clip number, only when the lesson has more than one clip. */
  clip: number | null
}

/** The plan in the coach's terms: whose it is, which lesson and clip. */
function describe(records: RetentionRecords, settings: RetentionSettings, now: number): RetentionRow[] {
  const names = new Map(records.coachees.map((c) => [c.id, c.name]))
  const cycles = new Map(records.cycles.map((c) => [c.id, c]))
  const lessons = new Map(records.lessons.map((l) => [l.id, l]))
  const recordings = new Map(records.recordings.map((r) => [r.id, r]))
  const clipsOf = (lessonId: string) => records.recordings.filter((r) => r.lessonId === lessonId && r.deletedAt === null).length
  return retentionPlan(records, settings, now).map((item) => {
    const recording = item.recordingId ? recordings.get(item.recordingId) : undefined
    const lesson = recording && lessons.get(recording.lessonId)
    return {
      key: item.recordingId ?? item.coacheeId,
      item,
      coacheeName: names.get(item.coacheeId) ?? '',
      lessonNumber: lesson ? (cycles.get(lesson.cycleId)?.number ?? null) : null,
      clip: recording && clipsOf(recording.lessonId) > 1 ? recording.clipIndex + 1 : null,
    }
  })
}

/** A recording the connected camera still holds although its whole file is safely on the tablet. */
export interface CameraLeftover {
  recording: Recording
  /** The camera's own name for it (what delete takes). */
  cameraId: string
  coacheeName: string
  lessonNumber: number | null
}

/** How often the app looks whether a new day began (the rules count in days). */
const TICK_MS = 3_600_000

/**
 * The coach's Bewaartermijnen: the settings, the overview of what will be deleted and when, Langer
 * bewaren, and the runs that delete what is due — at app start and once a day while the app is open,
 * never during a recording.
 */
export const useRetentionStore = defineStore('retention', () => {
  const db = getDb()
  const visit = useVisitStore()
  const notices = useNotices()
  const now = ref(Date.now())
  const executor = createRetentionExecutor({
    db, repos: repositories(), removeFile, now: () => Date.now(),
    busy: () => !['idle', 'stopped'].includes(visit.phase),
  })

  /**
   * The overview, live, for the screen that calls it (its query ends with that screen): read only
   * where shown, so nothing reads names at app start, while the app may still be locked.
   */
  function useOverview() {
    const data = useLiveQuery(async () => {
      const [records, settings] = await Promise.all([readRetentionRecords(db), readSetting(db, 'retention')])
      return { records, settings }
    })
    const settings = computed<RetentionSettings>(() => data.value?.settings ?? RETENTION_DEFAULTS)
    const rows = computed<RetentionRow[]>(() => (data.value ? describe(data.value.records, settings.value, now.value) : []))
    /** What goes within the warning days (or is going now): the coach is told calmly. */
    const soon = computed(() => rows.value.filter((row) => row.item.state === 'warn' || row.item.state === 'due'))
    return { loaded: computed(() => data.value !== undefined), settings, rows, soon }
  }

  async function changeSettings(next: RetentionSettings): Promise<RetentionSettingsError | null> {
    const problem = validateRetentionSettings(next)
    if (problem) return problem
    await writeSetting(db, 'retention', next)
    return null
  }

  /** Keeps an item on the tablet until `until` (ms); null keeps it no longer than the rule says. */
  async function keepLonger(key: string, until: number | null): Promise<void> {
    await db.transaction('rw', db.meta, async () => {
      const kept = await readSetting(db, 'retentionKept')
      // Dates that have passed say nothing any more.
      const next = Object.fromEntries(Object.entries(kept).filter(([id, at]) => id !== key && at > Date.now()))
      if (until !== null) next[key] = until
      await writeSetting(db, 'retentionKept', next)
    })
  }

  let lastRanOn: string | null = null
  /** Deletes what is due, once per day; a run skipped (a recording, a locked app) is tried at the next tick. */
  async function runIfNewDay(): Promise<void> {
    now.value = Date.now()
    const today = isoDate(new Date(now.value))
    if (lastRanOn === today) return
    try {
      if ((await executor.run()).ran) lastRanOn = today
    } catch (error) {
      void notices.report(error, 'retention', { quiet: true })
    }
  }

  let started = false
  function start(): void {
    if (started) return
    started = true
    void runIfNewDay()
    setInterval(() => { void runIfNewDay() }, TICK_MS)
  }

  /** What the camera still holds of lessons already on the tablet (whole file imported and checked). */
  async function cameraLeftovers(camera: Pick<Camera, 'listFiles'>): Promise<CameraLeftover[]> {
    const { files } = await camera.listFiles({ fileType: 'video', entryCount: 100 })
    const onCamera = new Map(files.flatMap((f) => [[f.id, f.id], ...(f.fileUrl ? [[f.fileUrl, f.id] as const] : [])]))
    const repos = repositories()
    const candidates = (await repos.recordings.all()).filter((r) => r.cameraFileUrl && onCamera.has(r.cameraFileUrl) && !r.cameraFileDeletedAt)
    const whole = new Set((await repos.videoFiles.byRecordings(candidates.map((r) => r.id))).filter((f) => f.kind === 'full' && f.state === 'done').map((f) => f.recordingId))
    const leftovers: CameraLeftover[] = []
    for (const recording of candidates.filter((r) => whole.has(r.id))) {
      const lesson = await repos.lessons.get(recording.lessonId)
      const cycle = lesson && await repos.cycles.get(lesson.cycleId)
      const trajectory = cycle && await repos.trajectories.get(cycle.trajectoryId)
      const coachee = trajectory && await repos.coachees.get(trajectory.coacheeId)
      leftovers.push({ recording, cameraId: onCamera.get(recording.cameraFileUrl!)!, coacheeName: coachee?.name ?? '', lessonNumber: cycle?.number ?? null })
    }
    return leftovers
  }

  /** Deletes them on the camera, and notes it on each recording (the import screen says so too). */
  async function deleteFromCamera(camera: Pick<Camera, 'deleteFiles'>, leftovers: readonly CameraLeftover[]): Promise<void> {
    await camera.deleteFiles(leftovers.map((l) => l.cameraId))
    for (const { recording } of leftovers) await repositories().recordings.update(recording.id, { cameraFileDeletedAt: Date.now() })
  }

  return { useOverview, changeSettings, keepLonger, start, runIfNewDay, cameraLeftovers, deleteFromCamera }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useRetentionStore, import.meta.hot))
