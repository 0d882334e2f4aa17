import { describe, expect, it } from 'vitest'
import { defaultTemplate } from './kijkwijzer'
import type { LessonGoal, Marker, Recording } from './model'
import { summarizeVisit } from './visit-summary'

const base = { createdAt: 0, updatedAt: 0, deletedAt: null }

function marker(id: string, kind: Marker['kind'], recordingId: string | null, over: Partial<Marker> = {}): Marker {
  return {
    ...base, id, lessonId: 'l1', kind, tappedAt: 0, recordingId, offsetSec: recordingId ? 1 : null,
    view: null, cell: null, helpQuestionId: null, note: '', leadSec: 10, lagSec: 10, chosen: false, chosenOrder: null, ...over,
  }
}

function recording(id: string, clipIndex: number, startedAt: number, stoppedAt: number | null, durationSec: number | null = null): Recording {
  return {
    ...base, id, lessonId: 'l1', clipIndex, cameraFileUrl: null, startedAt, requestedAt: startedAt, confirmedAt: startedAt,
    stoppedAt, durationSec, bytes: 'none',
  }
}

function goal(id: string, evaluation: LessonGoal['evaluation'], over: Partial<LessonGoal> = {}): LessonGoal {
  return { ...base, id, lessonId: 'l1', text: id, order: 0, evaluation, evaluationNote: '', ...over }
}

const empty = { observations: [], markers: [], recordings: [], goals: [] }

describe('summarizeVisit', () => {
  it('counts the moments tapped outside any clip per kind, ignoring removed ones', () => {
    const summary = summarizeVisit(defaultTemplate, {
      ...empty,
      markers: [
        marker('a', 'pearl', null),
        marker('b', 'pearl', 'r1'),
        marker('c', 'puzzle', null),
        marker('d', 'puzzle', null, { deletedAt: 5 }),
      ],
    })
    expect(summary.outsideRecording).toEqual({ pearl: 1, puzzle: 1 })
    expect(summary.lesson.totals).toEqual({ pearl: 2, puzzle: 1 })
  })

  it('lists the clips in order with the real duration when known, the measured span otherwise', () => {
    const summary = summarizeVisit(defaultTemplate, {
      ...empty,
      recordings: [
        recording('r2', 2, 400_000, null),
        recording('r0', 0, 0, 300_500, 300),
        { ...recording('gone', 3, 500_000, 501_000), deletedAt: 1 },
        recording('r1', 1, 301_000, 391_000),
      ],
    })
    expect(summary.clips).toEqual([
      { id: 'r0', number: 1, durationSec: 300 },
      { id: 'r1', number: 2, durationSec: 90 },
      { id: 'r2', number: 3, durationSec: null },
    ])
    expect(summary.recordedSec).toBe(390)
  })

  it('tells how many live goals were evaluated, and how', () => {
    const summary = summarizeVisit(defaultTemplate, {
      ...empty,
      goals: [goal('g1', 'achieved'), goal('g2', null), goal('g3', 'partly'), goal('g4', 'achieved', { deletedAt: 1 })],
    })
    expect(summary.goals).toEqual({ total: 3, evaluated: 2, byEvaluation: { achieved: 1, partly: 1, notAchieved: 0 } })
  })

  it('summarises an untouched visit as empty', () => {
    const summary = summarizeVisit(defaultTemplate, empty)
    expect(summary.clips).toEqual([])
    expect(summary.recordedSec).toBe(0)
    expect(summary.outsideRecording).toEqual({ pearl: 0, puzzle: 0 })
    expect(summary.lesson.cells).toHaveLength(9)
    expect(summary.goals.evaluated).toBe(0)
  })
})
