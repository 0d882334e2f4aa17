import { describe, expect, it } from 'vitest'
import { addQuestion, answeredQuestions, answerQuestion, fragmentQuestions, followUpGaps, moveFragment, orderFragments, setChosen, withConversation } from './follow-up'
import type { FollowUp, HelpQuestion, LessonGoal, Marker } from './model'

function m(id: string, tappedAt: number, chosenOrder: number | null, over: Partial<Marker> = {}): Marker {
  return {
    id, createdAt: 0, updatedAt: 0, deletedAt: null, lessonId: 'l1', kind: 'pearl', tappedAt, recordingId: 'r1', offsetSec: tappedAt,
    view: null, cell: null, helpQuestionId: null, note: '', leadSec: 10, lagSec: 10, chosen: chosenOrder !== null, chosenOrder, ...over,
  }
}

function followUp(over: Partial<FollowUp> = {}): FollowUp {
  return { id: 'f1', createdAt: 0, updatedAt: 0, deletedAt: null, cycleId: 'c1', heldOn: null, fragments: [], conclusions: '', agreements: '', nextSteps: '', ...over }
}

function hq(id: string, over: Partial<HelpQuestion> = {}): HelpQuestion {
  return {
    id, createdAt: 0, updatedAt: 0, deletedAt: null, trajectoryId: 't1', text: id, priority: 'secondary', status: 'open', order: 0,
    cycleIds: ['c1'], solvedWithId: null, evaluation: '', ...over,
  }
}

function goal(id: string, order: number, evaluation: LessonGoal['evaluation'], over: Partial<LessonGoal> = {}): LessonGoal {
  return { id, createdAt: 0, updatedAt: 0, deletedAt: null, lessonId: 'l1', text: id, order, evaluation, evaluationNote: '', ...over }
}

const ids = (list: readonly Marker[]) => list.map((x) => x.id)
const orders = (list: readonly Marker[]) => Object.fromEntries(list.map((x) => [x.id, x.chosenOrder]))

describe('orderFragments', () => {
  it('follows the chosen order, then time, and leaves out unchosen and deleted markers', () => {
    const markers = [
      m('late', 50, null, { chosen: true }),
      m('second', 10, 1),
      m('first', 90, 0),
      m('early', 5, null, { chosen: true }),
      m('notChosen', 1, null),
      m('deleted', 2, 2, { deletedAt: 1 }),
    ]
    expect(ids(orderFragments(markers))).toEqual(['first', 'second', 'early', 'late'])
  })

  it('breaks a tie in order and time by id, and handles nothing', () => {
    expect(ids(orderFragments([m('b', 5, 0), m('a', 5, 0)]))).toEqual(['a', 'b'])
    expect(orderFragments([])).toEqual([])
  })
})

describe('moveFragment', () => {
  const markers = [m('a', 1, 0), m('b', 2, 1), m('c', 3, 2)]

  it('swaps with the neighbour and returns only what changed', () => {
    const changed = moveFragment(markers, 'c', -1, 7)
    expect(orders(changed)).toEqual({ c: 1, b: 2 })
    expect(changed.every((x) => x.updatedAt === 7)).toBe(true)
    expect(orders(moveFragment(markers, 'a', 1, 7))).toEqual({ a: 1, b: 0 })
  })

  it('does nothing at either end or for an unknown fragment', () => {
    expect(moveFragment(markers, 'a', -1, 7)).toEqual([])
    expect(moveFragment(markers, 'c', 1, 7)).toEqual([])
    expect(moveFragment(markers, 'x', 1, 7)).toEqual([])
  })

  it('numbers gaps and missing orders tidily while moving', () => {
    const messy = [m('a', 1, 3), m('b', 2, 8), m('c', 3, null, { chosen: true })]
    expect(orders(moveFragment(messy, 'c', -1, 7))).toEqual({ a: 0, c: 1, b: 2 })
  })
})

describe('setChosen', () => {
  it('puts a newly chosen fragment last', () => {
    const changed = setChosen([m('a', 1, 0), m('b', 2, 1), m('n', 0, null)], 'n', true, 4)
    expect(changed).toHaveLength(1)
    expect(changed[0]).toMatchObject({ id: 'n', chosen: true, chosenOrder: 2, updatedAt: 4 })
  })

  it('closes up the order when a fragment is let go', () => {
    const changed = setChosen([m('a', 1, 0), m('b', 2, 1), m('c', 3, 2)], 'a', false, 4)
    expect(changed.map((x) => [x.id, x.chosen, x.chosenOrder])).toEqual([
      ['a', false, null],
      ['b', true, 0],
      ['c', true, 1],
    ])
  })

  it('changes nothing when already so, or for an unknown or deleted marker', () => {
    expect(setChosen([m('a', 1, 0)], 'a', true, 4)).toEqual([])
    expect(setChosen([m('a', 1, 0)], 'x', false, 4)).toEqual([])
    expect(setChosen([m('a', 1, null, { deletedAt: 1 })], 'a', true, 4)).toEqual([])
  })
})

describe('fragmentQuestions', () => {
  const bank = ['Wat deed je hier?', 'Hoe kreeg je dat voor elkaar?']

  it('gives the bank unanswered for a fragment not yet discussed', () => {
    expect(fragmentQuestions(undefined, bank)).toEqual([
      { question: 'Wat deed je hier?', answer: '' },
      { question: 'Hoe kreeg je dat voor elkaar?', answer: '' },
    ])
  })

  it('keeps what was asked and answered, ad-hoc questions included, then adds what is left', () => {
    const conversation = {
      markerId: 'm',
      answers: [
        { question: 'Wat zag je bij Sem?', answer: 'Hij haakte af' },
        { question: 'wat deed je  hier?', answer: 'Ik gaf de bal door' },
      ],
    }
    expect(fragmentQuestions(conversation, bank)).toEqual([
      { question: 'Wat zag je bij Sem?', answer: 'Hij haakte af' },
      { question: 'wat deed je  hier?', answer: 'Ik gaf de bal door' },
      { question: 'Hoe kreeg je dat voor elkaar?', answer: '' },
    ])
  })

  it('works with an empty bank', () => {
    expect(fragmentQuestions(undefined, [])).toEqual([])
  })
})

describe('followUpGaps', () => {
  it('lists everything missing, in the order of the conversation', () => {
    const gaps = followUpGaps({
      followUp: followUp({ fragments: [{ markerId: 'a', answers: [{ question: 'q', answer: 'ja' }] }, { markerId: 'b', answers: [{ question: 'q', answer: '  ' }] }] }),
      markers: [m('a', 1, 0), m('b', 2, 1), m('c', 3, 2), m('x', 4, null)],
      helpQuestions: [
        hq('sec', { order: 0 }),
        hq('prim', { priority: 'primary', order: 1 }),
        hq('done', { evaluation: 'Gelukt' }),
        hq('dropped', { status: 'dropped' }),
        hq('elsewhere', { cycleIds: ['c2'] }),
        hq('deleted', { deletedAt: 1 }),
      ],
      goals: [goal('g2', 1, null), goal('g1', 0, null), goal('ok', 2, 'partly'), goal('gone', 3, null, { deletedAt: 1 })],
    })
    expect(gaps).toEqual([
      { kind: 'fragmentUnanswered', markerId: 'b' },
      { kind: 'fragmentUnanswered', markerId: 'c' },
      { kind: 'helpQuestionNotEvaluated', helpQuestionId: 'prim' },
      { kind: 'helpQuestionNotEvaluated', helpQuestionId: 'sec' },
      { kind: 'goalNotEvaluated', goalId: 'g1' },
      { kind: 'goalNotEvaluated', goalId: 'g2' },
      { kind: 'noAgreements' },
    ])
  })

  it('notes a nagesprek without fragments', () => {
    expect(followUpGaps({ followUp: followUp({ agreements: 'Volgende keer ...' }), markers: [], helpQuestions: [], goals: [] })).toEqual([{ kind: 'noFragments' }])
  })

  it('is empty when all is done', () => {
    const gaps = followUpGaps({
      followUp: followUp({ agreements: 'Afspraak', fragments: [{ markerId: 'a', answers: [{ question: 'q', answer: 'a' }] }] }),
      markers: [m('a', 1, 0)],
      helpQuestions: [hq('q', { status: 'solved', evaluation: 'Opgelost' })],
      goals: [goal('g', 0, 'achieved')],
    })
    expect(gaps).toEqual([])
  })
})

describe('answerQuestion', () => {
  const bank = ['Wat deed je hier?', 'Hoe kreeg je dat voor elkaar?']

  it('stores the list as shown, so an answered bank question keeps its place', () => {
    const next = answerQuestion(undefined, 'm1', bank, 'Hoe kreeg je dat voor elkaar?', 'Door te wachten')
    expect(next).toEqual({
      markerId: 'm1',
      answers: [{ question: 'Wat deed je hier?', answer: '' }, { question: 'Hoe kreeg je dat voor elkaar?', answer: 'Door te wachten' }],
    })
    expect(fragmentQuestions(next, bank).map((qa) => qa.question)).toEqual(bank)
  })

  it('finds the question whatever its case or spacing and keeps the text as first asked', () => {
    const first = answerQuestion(undefined, 'm1', bank, 'Wat deed je hier?', 'a')
    const second = answerQuestion(first, 'm1', bank, '  wat deed  je hier? ', 'b')
    expect(second.answers[0]).toEqual({ question: 'Wat deed je hier?', answer: 'b' })
    expect(second.answers).toHaveLength(2)
  })

  it('adds a question that is neither asked nor in the bank at the end', () => {
    const next = answerQuestion({ markerId: 'm1', answers: [] }, 'm1', [], 'Wat zag je bij de leerlingen?', 'Rust')
    expect(next.answers).toEqual([{ question: 'Wat zag je bij de leerlingen?', answer: 'Rust' }])
  })
})

describe('addQuestion', () => {
  const bank = ['Wat deed je hier?']

  it('puts the coach\'s own question last, after the bank', () => {
    const next = addQuestion(undefined, 'm1', bank, '  Wat  merkte je aan de groep? ')
    expect(next.answers).toEqual([{ question: 'Wat deed je hier?', answer: '' }, { question: 'Wat merkte je aan de groep?', answer: '' }])
  })

  it('does not add a blank question or one that is already there', () => {
    expect(addQuestion(undefined, 'm1', bank, '   ').answers).toHaveLength(1)
    expect(addQuestion(undefined, 'm1', bank, 'wat deed je HIER?').answers).toHaveLength(1)
  })
})

describe('withConversation and answeredQuestions', () => {
  it('replaces the marker\'s conversation in place or adds it', () => {
    const a = { markerId: 'a', answers: [] }
    const b = { markerId: 'b', answers: [{ question: 'q', answer: 'x' }] }
    expect(withConversation([a], b)).toEqual([a, b])
    expect(withConversation([b, a], { markerId: 'b', answers: [] })).toEqual([{ markerId: 'b', answers: [] }, a])
  })

  it('lists only answered questions', () => {
    expect(answeredQuestions({ markerId: 'a', answers: [{ question: 'q1', answer: ' ' }, { question: 'q2', answer: 'ja' }] })).toEqual([{ question: 'q2', answer: 'ja' }])
    expect(answeredQuestions(undefined)).toEqual([])
  })
})
