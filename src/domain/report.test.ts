import { describe, expect, it } from 'vitest'
import { defaultTemplate } from './kijkwijzer'
import type { Cycle, FollowUp, HelpQuestion, Lesson, LessonGoal, Marker, Observation, Recording } from './model'
import { followUpReport, type ReportRecords } from './report'

const base = { createdAt: 0, updatedAt: 0, deletedAt: null }

const cycle: Cycle = { ...base, id: 'c2', trajectoryId: 't1', number: 2, steps: { intake: 'done', visit: 'done', followUp: 'open' }, intakeDate: null, intakeNotes: '' }
const lesson: Lesson = { ...base, id: 'l1', cycleId: 'c2', date: '2025-03-14', place: 'gym', group: 'groep 6', kijkwijzerTemplateId: 'hgw', startedAt: null, endedAt: null }

function hq(id: string, over: Partial<HelpQuestion> = {}): HelpQuestion {
  return { ...base, id, trajectoryId: 't1', text: `vraag ${id}`, priority: 'secondary', status: 'open', order: 0, cycleIds: ['c2'], solvedWithId: null, evaluation: '', ...over }
}

function marker(id: string, tappedAt: number, over: Partial<Marker> = {}): Marker {
  return {
    ...base, id, lessonId: 'l1', kind: 'pearl', tappedAt, recordingId: 'r2', offsetSec: 4.5, view: { yaw: 40, pitch: 10, fov: 75 },
    cell: null, helpQuestionId: null, note: '', leadSec: 10, lagSec: 10, chosen: false, chosenOrder: null, ...over,
  }
}

const recordings: Recording[] = [
  { ...base, id: 'r1', lessonId: 'l1', clipIndex: 0, cameraFileUrl: null, startedAt: 0, requestedAt: 0, confirmedAt: 0, stoppedAt: 1, durationSec: 1, bytes: 'none' },
  { ...base, id: 'r2', lessonId: 'l1', clipIndex: 1, cameraFileUrl: null, startedAt: 0, requestedAt: 0, confirmedAt: 0, stoppedAt: 1, durationSec: 1, bytes: 'full' },
]

function records(over: Partial<ReportRecords> = {}): ReportRecords {
  const followUp: FollowUp = {
    ...base, id: 'f1', cycleId: 'c2', heldOn: '2025-03-20', conclusions: 'Rust werkt', agreements: 'Elke les een stilteteken', nextSteps: 'Filmen in groep 7',
    fragments: [{ markerId: 'second', answers: [{ question: 'Wat deed je hier?', answer: 'Wachten' }, { question: 'Hoe kreeg je dat voor elkaar?', answer: '' }] }],
  }
  const goals: LessonGoal[] = [
    { ...base, id: 'g2', lessonId: 'l1', text: 'Tweede', order: 1, evaluation: null, evaluationNote: '' },
    { ...base, id: 'g1', lessonId: 'l1', text: 'Eerste', order: 0, evaluation: 'partly', evaluationNote: 'bijna' },
  ]
  const observations: Observation[] = [{ ...base, id: 'o1', lessonId: 'l1', rowId: 'instruction', columnId: 'autonomy', rating: 3, notes: '' }]
  return {
    coachee: { name: 'Sanne de Vries' }, trajectory: { title: 'Traject 2025' }, cycle, lesson, followUp,
    helpQuestions: [
      hq('old', { cycleIds: ['c1'], priority: 'primary' }),
      hq('sec', { solvedWithId: 'prim', status: 'solved', evaluation: 'Ging vanzelf' }),
      hq('prim', { priority: 'primary', evaluation: 'Beter' }),
    ],
    goals,
    markers: [
      marker('first', 200, { chosen: true, chosenOrder: 1 }),
      marker('second', 100, { chosen: true, chosenOrder: 0, kind: 'puzzle', cell: { rowId: 'interaction', columnId: 'relation' }, helpQuestionId: 'prim', note: 'kijkt rond' }),
      marker('notChosen', 50, { recordingId: null, offsetSec: null }),
    ],
    recordings, observations, template: defaultTemplate, ...over,
  }
}

describe('followUpReport', () => {
  const report = followUpReport(records(), 'nl')

  it('names the coachee, the cycle and the day of the nagesprek', () => {
    expect(report).toMatchObject({ coachee: 'Sanne de Vries', trajectory: 'Traject 2025', cycleNumber: 2, heldOn: '2025-03-20' })
    expect(report.lesson).toEqual({ date: '2025-03-14', place: 'gym', group: 'groep 6', consentConfirmedAt: null, consentNote: '', hiddenSectors: [] })
  })

  it('reports the cycle\'s help questions, primary first, with what solved them', () => {
    expect(report.helpQuestions.map((q) => q.id)).toEqual(['prim', 'sec'])
    expect(report.helpQuestions[1]).toMatchObject({ status: 'solved', evaluation: 'Ging vanzelf', solvedWith: 'vraag prim' })
  })

  it('shows the chosen moments in the nagesprek order with only the answered questions', () => {
    expect(report.moments.map((m) => [m.markerId, m.number, m.clipNumber])).toEqual([['second', 1, 2], ['first', 2, 2]])
    expect(report.moments[0]).toMatchObject({
      kind: 'puzzle', offsetSec: 4.5, view: { yaw: 40, pitch: 10, fov: 75 }, helpQuestion: 'vraag prim', note: 'kijkt rond',
      cell: { row: 'Interactie', column: 'Relatie' }, answers: [{ question: 'Wat deed je hier?', answer: 'Wachten' }],
    })
    expect(report.moments[1]!.answers).toEqual([])
  })

  it('keeps only kijkwijzer cells with something to tell, and the goals in their order', () => {
    expect(report.kijkwijzer.cells.map((c) => `${c.labels.row}/${c.labels.column}`)).toEqual(['Interactie/Relatie', 'Instructie/Autonomie'])
    expect(report.kijkwijzer.totals).toEqual({ pearl: 2, puzzle: 1 })
    expect(report.goals).toEqual([{ text: 'Eerste', evaluation: 'partly', note: 'bijna' }, { text: 'Tweede', evaluation: null, note: '' }])
    expect(report).toMatchObject({ conclusions: 'Rust werkt', agreements: 'Elke les een stilteteken', nextSteps: 'Filmen in groep 7' })
  })

  it('works before anything of the nagesprek was written', () => {
    const empty = followUpReport(records({ followUp: undefined, coachee: undefined }), 'en')
    expect(empty).toMatchObject({ coachee: '', heldOn: null, conclusions: '', agreements: '', nextSteps: '' })
    expect(empty.moments.every((m) => m.answers.length === 0)).toBe(true)
    expect(empty.moments[0]!.cell).toMatchObject({ row: 'Interaction' })
  })
})
