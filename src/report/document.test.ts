import { describe, expect, it } from 'vitest'
import type { FollowUpReport } from '../domain/report'
import { reportDocument, type ReportWords, type Still } from './document'

const words: ReportWords = {
  t: (key, named) => (named ? `${key}${JSON.stringify(named)}` : key),
  date: (iso) => `[${iso}]`,
  madeAt: 'nu',
}

const report: FollowUpReport = {
  coachee: 'Sanne', trajectory: 'Traject', cycleNumber: 2, heldOn: '2025-03-20',
  lesson: { date: null, place: 'gym', group: '' },
  helpQuestions: [{ id: 'h', text: 'Aandacht?', priority: 'primary', status: 'solved', evaluation: '', solvedWith: null }],
  kijkwijzer: { cells: [], totals: { pearl: 2, puzzle: 1 }, unplaced: { pearl: 0, puzzle: 0 } },
  goals: [],
  moments: [
    { markerId: 'a', number: 1, kind: 'pearl', recordingId: 'r', clipNumber: 1, offsetSec: 64.4, tappedAt: 0, view: { yaw: 40.4, pitch: -10.6, fov: 75 }, cell: null, helpQuestion: null, note: '', answers: [{ question: 'Wat deed je hier?', answer: 'Wachten' }] },
    { markerId: 'b', number: 2, kind: 'puzzle', recordingId: null, clipNumber: null, offsetSec: null, tappedAt: 0, view: null, cell: null, helpQuestion: 'Aandacht?', note: 'druk', answers: [] },
  ],
  conclusions: '', agreements: 'Stilteteken', nextSteps: ' ',
}

describe('reportDocument', () => {
  const stills = new Map<string, Still>([['a', { jpeg: 'data:image/jpeg;base64,xx' }]])
  const doc = reportDocument(report, stills, words)

  it('has every section in the order of the conversation', () => {
    expect(doc.sections.map((s) => s.heading)).toEqual([
      'report.sections.helpQuestions', 'report.sections.kijkwijzer', 'report.sections.goals', 'report.sections.moments',
      'report.sections.conclusions', 'report.sections.agreements', 'report.sections.nextSteps',
    ])
    expect(doc.facts).toContainEqual(['report.facts.heldOn', '[2025-03-20]'])
    expect(doc.facts).toContainEqual(['report.facts.lessonDate', 'common.none'])
  })

  it('gives each moment its time, view, answers and still, or says why there is none', () => {
    const [a, b] = doc.sections[3]!.items
    expect(a!.title).toBe('report.moment{"number":1,"kind":"visit.pearl","clip":1,"time":"1:04"}')
    expect(a!.lines).toEqual([
      'report.view{"yaw":40,"pitch":-11,"fov":75}', 'report.question{"text":"Wat deed je hier?"}', 'report.answer{"text":"Wachten"}',
    ])
    expect(a!.still).toEqual({ jpeg: 'data:image/jpeg;base64,xx' })
    expect(b!.title).toBe('report.momentOutside{"number":2,"kind":"visit.puzzle"}')
    expect(b!.lines).toEqual(['report.helpQuestion{"text":"Aandacht?"}', 'report.note{"text":"druk"}', 'report.noAnswers'])
    expect(b!.still).toEqual({ jpeg: null, reason: 'report.noVideo' })
  })

  it('says whether consent for filming was confirmed, and who must not be shown', () => {
    expect(doc.facts).toContainEqual(['report.facts.consent', 'consent.missing'])
    expect(doc.facts.map(([label]) => label)).not.toContain('report.facts.notShown')
    const confirmedAt = new Date(2025, 2, 12, 9, 30).getTime()
    const given = reportDocument({ ...report, lesson: { ...report.lesson, consentConfirmedAt: confirmedAt, consentNote: 'Daan' } }, stills, words)
    expect(given.facts).toContainEqual(['report.facts.consent', 'consent.given{"time":"[2025-03-12]"}'])
    expect(given.facts).toContainEqual(['report.facts.notShown', 'Daan'])
  })

  it('says so when a section is empty', () => {
    expect(doc.sections[2]!.items).toEqual([{ lines: ['report.nothing'] }])
    expect(doc.sections[4]!.items).toEqual([{ lines: ['report.nothing'] }])
    expect(doc.sections[5]!.items).toEqual([{ lines: ['Stilteteken'] }])
    expect(doc.sections[6]!.items).toEqual([{ lines: ['report.nothing'] }])
  })
})
