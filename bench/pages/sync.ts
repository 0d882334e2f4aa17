/**
 * Record sync as the tablet runs it, against the school server that serves this page: the app's
 * repositories, outbox, account (device key, tokens) and sync engine over real HTTP on loopback.
 */
import { openDb, type RondblikDb } from '../../src/db/database'
import { createRepositories } from '../../src/db/repositories'
import { syncTables } from '../../src/db/repository'
import { newCoachee, newCycle, newHelpQuestion, newLesson, newLessonGoal, newMarker } from '../../src/db/testing'
import { createAccount } from '../../src/sync/account'
import { createSyncEngine } from '../../src/sync/engine'
import { summarize } from '../stats'

type Repos = ReturnType<typeof createRepositories>

const memory = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize

/** The JS heap sampled every 50 ms while `work` runs: its peak and its growth, in MB. */
async function withHeap<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; heapStartMb: number; heapPeakMb: number }> {
  const start = memory()
  let peak = start
  const timer = setInterval(() => (peak = Math.max(peak, memory())), 50)
  const t0 = performance.now()
  try {
    const result = await work()
    return { result, ms: Math.round(performance.now() - t0), heapStartMb: mb(start), heapPeakMb: mb(Math.max(peak, memory())) }
  } finally {
    clearInterval(timer)
  }
}
const mb = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10

/**
 * A year of one coach's work, written as the screens write it (one transaction per lesson's
 * visit): 20 coachees with a trajectory and 3 help questions each, 6 cycles a coachee with a
 * lesson (3 goals, a recording, 15 kijkwijzer cells, a nagesprek) and the rest markers.
 */
async function seedYear(repos: Repos, db: RondblikDb, total: number): Promise<{ records: number; lessonId: string }> {
  let records = 0
  let lessonId = ''
  const coachees = 20
  const lessonsEach = 6
  const fixedPerLesson = 1 + 1 + 3 + 1 + 15 + 1 // cycle, lesson, goals, recording, observations, nagesprek
  const markersPerLesson = Math.floor((total - coachees * 5 - coachees * lessonsEach * fixedPerLesson) / (coachees * lessonsEach))
  let extra = total - coachees * 5 - coachees * lessonsEach * (fixedPerLesson + markersPerLesson)
  for (let c = 0; c < coachees; c++) {
    const coachee = await repos.coachees.create(newCoachee({ name: `Coachee ${c + 1}` }))
    const trajectory = await repos.trajectories.create({ coacheeId: coachee.id, title: 'LIO-jaar', startedOn: '2026-09-01', closedAt: null, notes: '' })
    for (let q = 0; q < 3; q++) await repos.helpQuestions.create(newHelpQuestion(trajectory.id, q, `Hoe houd ik de groep bij de les? (${q + 1})`))
    records += 5
    for (let l = 0; l < lessonsEach; l++) {
      const markers = markersPerLesson + (extra > 0 ? Math.min(extra, 10) : 0)
      extra -= markers - markersPerLesson
      await db.transaction('rw', [db.cycles, db.lessons, db.helpQuestions, db.lessonGoals, db.recordings, db.markers, db.observations, db.followUps, ...syncTables(db)], async () => {
        const { cycle, lesson } = await repos.createCycleWithLesson(newCycle(trajectory.id, l + 1), newLesson(''))
        lessonId = lesson.id
        for (let g = 0; g < 3; g++) await repos.lessonGoals.create(newLessonGoal(lesson.id, g))
        const started = Date.now() - (lessonsEach - l) * 86_400_000
        const recording = await repos.recordings.create({
          lessonId: lesson.id, clipIndex: 0, cameraFileUrl: 'http://192.168.1.1/files/R0010001.MP4', startedAt: started, requestedAt: started, confirmedAt: started,
          stoppedAt: started + 2_700_000, durationSec: 2700, bytes: 'none',
        })
        for (let m = 0; m < markers; m++) {
          await repos.markers.create({ ...newMarker(lesson.id, started + m * 30_000, m % 3 ? 'pearl' : 'puzzle'), recordingId: recording.id, offsetSec: m * 30, note: m % 4 ? '' : 'De leerkracht geeft een compliment en de leerling kijkt op.' })
        }
        for (let o = 0; o < 15; o++) await repos.observations.create({ lessonId: lesson.id, rowId: `r${o % 5}`, columnId: `k${Math.floor(o / 5)}`, rating: (o % 4) + 1, notes: o % 2 ? 'Duidelijke instructie.' : '' })
        await repos.followUps.create({ cycleId: cycle.id, heldOn: '2026-11-25', fragments: [], conclusions: 'De instructie is korter geworden.', agreements: 'Volgende keer de start filmen.', nextSteps: '' })
      })
      records += fixedPerLesson + markers
    }
  }
  return { records, lessonId }
}

interface Device {
  db: RondblikDb
  repos: Repos
  sync(): ReturnType<ReturnType<typeof createSyncEngine>['sync']>
}

async function device(name: string): Promise<Device> {
  const db = openDb(`sync-bench-${name}-${Date.now()}`)
  const repos = createRepositories(db)
  const account = createAccount({ db })
  await account.signIn({ url: location.origin, username: 'bench', password: 'bench-wachtwoord', deviceName: name })
  const engine = createSyncEngine({ db, transport: account.transport() })
  return { db, repos, sync: () => engine.sync() }
}

/** Taps a marker into `lessonId` every `everyMs` while `during` runs (or `count` times), timing each to its commit. */
async function tapWhile(repos: Repos, lessonId: string, everyMs: number, during: Promise<unknown> | number) {
  const times: number[] = []
  let done = false
  if (typeof during !== 'number') void during.finally(() => (done = true))
  for (let i = 0; typeof during === 'number' ? i < during : !done; i++) {
    const t0 = performance.now()
    await repos.markers.create(newMarker(lessonId, Date.now()))
    times.push(performance.now() - t0)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
  return times
}

let first: Device | undefined

const bench = {
  /** Tablet A: a year of work before sync, then its first sync pushes it all. */
  async push(total: number) {
    first = await device('a')
    const seedStart = performance.now()
    const { records } = await seedYear(first.repos, first.db, total)
    const seedMs = Math.round(performance.now() - seedStart)
    const pending = await first.db.outbox.count()
    const run = await withHeap(() => first!.sync())
    return { records, seedMs, pending, ...run }
  },
  /** A fresh tablet of the same coach gets everything back. */
  async pull() {
    const fresh = await device('b')
    const run = await withHeap(() => fresh.sync())
    const markers = await fresh.db.markers.count()
    const outbox = await fresh.db.outbox.count()
    return { markers, outbox, ...run }
  },
  /**
   * Tap → committed on a fresh tablet with a lesson of its own: without sync, while its first sync
   * pulls the whole year in the background, and without again (the machine's drift between the two).
   */
  async taps(everyMs: number, count: number) {
    const tablet = await device('c')
    const coachee = await tablet.repos.coachees.create(newCoachee())
    const trajectory = await tablet.repos.trajectories.create({ coacheeId: coachee.id, title: 'LIO', startedOn: '2026-09-01', closedAt: null, notes: '' })
    const { lesson } = await tablet.repos.createCycleWithLesson(newCycle(trajectory.id), newLesson(''))
    await tapWhile(tablet.repos, lesson.id, everyMs, 10) // the first writes open the database
    const before = await tapWhile(tablet.repos, lesson.id, everyMs, count)
    const syncing = tablet.sync()
    const t0 = performance.now()
    const during = await tapWhile(tablet.repos, lesson.id, everyMs, syncing)
    const outcome = await syncing
    const syncMs = Math.round(performance.now() - t0)
    const after = await tapWhile(tablet.repos, lesson.id, everyMs, count)
    return { outcome, syncMs, without: summarize(before), withSync: summarize(during), withoutAgain: summarize(after) }
  },
}

Object.assign(window, { bench })
