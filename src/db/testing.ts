import type { Coachee, Cycle, HelpQuestion, Lesson, LessonGoal, Marker } from '../domain/model'
import { openDb, type RondblikDb } from './database'
import type { NewRecord } from './repository'

let opened = 0

/** A fresh database with a name no other test uses (fake-indexeddb is shared within a worker). */
export function openTestDb(): RondblikDb {
  opened += 1
  return openDb(`rondblik-test-${opened}-${Math.random().toString(36).slice(2)}`)
}

/** A clock that moves forward by `step` ms each time it is read. */
export function steppingClock(start = 1_700_000_000_000, step = 1000): () => number {
  let t = start - step
  return () => (t += step)
}

export const newCoachee = (over: Partial<NewRecord<Coachee>> = {}): NewRecord<Coachee> => ({
  name: 'Anna de Vries',
  role: 'student',
  school: 'ALO Amsterdam',
  notes: '',
  archivedAt: null,
  ...over,
})

export const newCycle = (trajectoryId: string, number = 1): NewRecord<Cycle> => ({
  trajectoryId,
  number,
  steps: { intake: 'open', visit: 'open', followUp: 'open' },
  intakeDate: null,
  intakeNotes: '',
})

export const newHelpQuestion = (trajectoryId: string, order: number, text = `vraag ${order}`): NewRecord<HelpQuestion> => ({
  trajectoryId,
  text,
  priority: order === 0 ? 'primary' : 'secondary',
  status: 'open',
  order,
  cycleIds: [],
  solvedWithId: null,
  evaluation: '',
})

export const newLesson = (cycleId: string): NewRecord<Lesson> => ({
  cycleId,
  date: '2026-11-24',
  place: 'gym',
  group: 'groep 6',
  kijkwijzerTemplateId: 'hgw',
  startedAt: null,
  endedAt: null,
})

export const newLessonGoal = (lessonId: string, order: number): NewRecord<LessonGoal> => ({
  lessonId,
  text: `doel ${order}`,
  order,
  evaluation: null,
  evaluationNote: '',
})

export const newMarker = (lessonId: string, tappedAt: number, kind: Marker['kind'] = 'pearl'): NewRecord<Marker> => ({
  lessonId,
  kind,
  tappedAt,
  recordingId: null,
  offsetSec: null,
  view: { yaw: 10, pitch: -5, fov: 75 },
  cell: null,
  helpQuestionId: null,
  note: '',
  leadSec: 10,
  lagSec: 10,
  chosen: false,
  chosenOrder: null,
})
