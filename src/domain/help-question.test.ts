import { describe, expect, it } from 'vitest'
import {
  HELP_QUESTION_MAX,
  assignToCycle,
  canChangeStatus,
  checkPrimaries,
  linkSolvedWith,
  nextHelpQuestionOrder,
  setHelpQuestionStatus,
  sortHelpQuestions,
  suggestSolvedWith,
  validateHelpQuestionText,
} from './help-question'
import type { HelpQuestion } from './model'

function hq(id: string, over: Partial<HelpQuestion> = {}): HelpQuestion {
  return {
    id,
    createdAt: 0,
    updatedAt: 0,
    deletedAt: null,
    trajectoryId: 't1',
    text: `vraag ${id}`,
    priority: 'secondary',
    status: 'open',
    order: 0,
    cycleIds: ['c1'],
    solvedWithId: null,
    evaluation: '',
    ...over,
  }
}

describe('validateHelpQuestionText', () => {
  it('trims and accepts a question', () => {
    expect(validateHelpQuestionText('  Hoe houd ik de aandacht vast? ')).toEqual({ ok: true, value: 'Hoe houd ik de aandacht vast?' })
  })

  it('gives typed errors', () => {
    expect(validateHelpQuestionText('  ')).toEqual({ ok: false, error: 'empty' })
    expect(validateHelpQuestionText('x'.repeat(HELP_QUESTION_MAX + 1))).toEqual({ ok: false, error: 'tooLong', max: HELP_QUESTION_MAX })
  })
})

describe('sortHelpQuestions', () => {
  it('puts primary first, then order, and leaves out tombstones', () => {
    const sorted = sortHelpQuestions([
      hq('s2', { order: 2 }),
      hq('p1', { priority: 'primary', order: 3 }),
      hq('s0', { order: 0 }),
      hq('gone', { priority: 'primary', order: 0, deletedAt: 1 }),
    ])
    expect(sorted.map((q) => q.id)).toEqual(['p1', 's0', 's2'])
  })

  it('keeps ties stable by creation time, then id', () => {
    const sorted = sortHelpQuestions([hq('b', { createdAt: 5 }), hq('c', { createdAt: 1 }), hq('a', { createdAt: 5 })])
    expect(sorted.map((q) => q.id)).toEqual(['c', 'a', 'b'])
  })

  it('handles an empty list', () => {
    expect(sortHelpQuestions([])).toEqual([])
    expect(nextHelpQuestionOrder([])).toBe(0)
  })

  it('gives the next order after the highest live one', () => {
    expect(nextHelpQuestionOrder([hq('a', { order: 4 }), hq('b', { order: 9, deletedAt: 1 })])).toBe(5)
  })
})

describe('checkPrimaries', () => {
  it('warns, without blocking, when a cycle has several primaries', () => {
    const qs = [hq('a', { priority: 'primary' }), hq('b', { priority: 'primary', order: 1 }), hq('c')]
    expect(checkPrimaries(qs, 'c1')).toEqual({ primaryIds: ['a', 'b'], severalPrimaries: true, noPrimary: false })
  })

  it('ignores dropped questions and other cycles', () => {
    const qs = [hq('a', { priority: 'primary', status: 'dropped' }), hq('b', { priority: 'primary', cycleIds: ['c2'] })]
    expect(checkPrimaries(qs, 'c1')).toEqual({ primaryIds: [], severalPrimaries: false, noPrimary: true })
    expect(checkPrimaries(qs, 'c2').primaryIds).toEqual(['b'])
  })

  it('counts a primary solved in the cycle', () => {
    expect(checkPrimaries([hq('a', { priority: 'primary', status: 'solved' })], 'c1').primaryIds).toEqual(['a'])
  })
})

describe('status transitions', () => {
  it('allows open → solved/dropped and back', () => {
    expect(canChangeStatus('open', 'solved')).toBe(true)
    expect(canChangeStatus('open', 'dropped')).toBe(true)
    expect(canChangeStatus('solved', 'open')).toBe(true)
    expect(canChangeStatus('dropped', 'open')).toBe(true)
  })

  it('goes through open between solved and dropped', () => {
    expect(canChangeStatus('solved', 'dropped')).toBe(false)
    expect(setHelpQuestionStatus(hq('a', { status: 'dropped' }), 'solved', 5)).toEqual({ ok: false, error: 'invalidTransition' })
  })

  it('changes the status and marks the record updated', () => {
    const r = setHelpQuestionStatus(hq('a'), 'solved', 7)
    expect(r.ok && r.value.status).toBe('solved')
    expect(r.ok && r.value.updatedAt).toBe(7)
  })

  it('leaves the record untouched when the status stays', () => {
    const q = hq('a')
    expect(setHelpQuestionStatus(q, 'open', 7)).toEqual({ ok: true, value: q })
  })
})

describe('assignToCycle', () => {
  it('adds the cycle once', () => {
    const q = assignToCycle(hq('a'), 'c2', 3)
    expect(q.cycleIds).toEqual(['c1', 'c2'])
    expect(assignToCycle(q, 'c2', 4)).toBe(q)
  })
})

describe('linkSolvedWith', () => {
  const qs = [hq('p', { priority: 'primary' }), hq('s1'), hq('s2', { solvedWithId: 's1' }), hq('x', { trajectoryId: 't2' })]

  it('links a secondary to its primary', () => {
    const r = linkSolvedWith(qs, 's1', 'p', 9)
    expect(r.ok && r.value.solvedWithId).toBe('p')
  })

  it('refuses a self-link', () => {
    expect(linkSolvedWith(qs, 's1', 's1', 9)).toEqual({ ok: false, error: 'selfLink' })
  })

  it('refuses a link that would loop, directly or through others', () => {
    expect(linkSolvedWith(qs, 's1', 's2', 9)).toEqual({ ok: false, error: 'linkCycle' })
    const chain = [hq('a', { solvedWithId: 'b' }), hq('b', { solvedWithId: 'c' }), hq('c')]
    expect(linkSolvedWith(chain, 'c', 'a', 9)).toEqual({ ok: false, error: 'linkCycle' })
  })

  it('refuses a question from another trajectory or one that is gone', () => {
    expect(linkSolvedWith(qs, 's1', 'x', 9)).toEqual({ ok: false, error: 'otherTrajectory' })
    expect(linkSolvedWith(qs, 's1', 'nope', 9)).toEqual({ ok: false, error: 'notFound' })
    expect(linkSolvedWith([...qs, hq('d', { deletedAt: 1 })], 's1', 'd', 9)).toEqual({ ok: false, error: 'notFound' })
    expect(linkSolvedWith(qs, 'nope', 'p', 9)).toEqual({ ok: false, error: 'notFound' })
  })

  it('unlinks with null', () => {
    const r = linkSolvedWith(qs, 's2', null, 9)
    expect(r.ok && r.value.solvedWithId).toBeNull()
  })

  it('tolerates a stored loop elsewhere without hanging', () => {
    const broken = [hq('a', { solvedWithId: 'b' }), hq('b', { solvedWithId: 'a' }), hq('n')]
    expect(linkSolvedWith(broken, 'n', 'a', 9).ok).toBe(true)
  })
})

describe('suggestSolvedWith', () => {
  it('suggests the open questions linked to the solved one, in order', () => {
    const qs = [
      hq('p', { priority: 'primary', status: 'solved' }),
      hq('s2', { solvedWithId: 'p', order: 2 }),
      hq('s1', { solvedWithId: 'p', order: 1 }),
      hq('s3', { solvedWithId: 'p', status: 'dropped' }),
      hq('s4', { solvedWithId: 's1' }),
    ]
    expect(suggestSolvedWith(qs, 'p').map((q) => q.id)).toEqual(['s1', 's2'])
    expect(suggestSolvedWith(qs, 'none')).toEqual([])
  })
})
