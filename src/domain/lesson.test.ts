import { describe, expect, it } from 'vitest'
import type { LessonGoal } from './model'
import { CONSENT_NOTE_MAX, LESSON_GOAL_MAX, mayStartRecording, nextGoalOrder, sortLessonGoals, validateConsentNote, validateLessonGoalText } from './lesson'

function goal(id: string, order: number, extra: Partial<LessonGoal> = {}): LessonGoal {
  return { id, createdAt: 1, updatedAt: 1, deletedAt: null, lessonId: 'l', text: id, order, evaluation: null, evaluationNote: '', ...extra }
}

describe('lesson goals', () => {
  it('must say something and stay one statement', () => {
    expect(validateLessonGoalText('  Samen de bal spelen ')).toEqual({ ok: true, value: 'Samen de bal spelen' })
    expect(validateLessonGoalText('   ')).toEqual({ ok: false, error: 'empty' })
    expect(validateLessonGoalText('x'.repeat(LESSON_GOAL_MAX + 1))).toEqual({ ok: false, error: 'tooLong', max: LESSON_GOAL_MAX })
  })

  it('keep their order and leave deleted ones out', () => {
    const goals = [goal('b', 1), goal('a', 0), goal('gone', 2, { deletedAt: 5 }), goal('c', 1, { createdAt: 2 })]
    expect(sortLessonGoals(goals).map((g) => g.id)).toEqual(['a', 'b', 'c'])
  })

  it('add at the end', () => {
    expect(nextGoalOrder([])).toBe(0)
    expect(nextGoalOrder([goal('a', 0), goal('b', 4)])).toBe(5)
  })
})

describe('consent for filming', () => {
  it('is needed before a lesson may start recording', () => {
    expect(mayStartRecording({})).toBe(false)
    expect(mayStartRecording({ consentConfirmedAt: null })).toBe(false)
    expect(mayStartRecording({ consentConfirmedAt: 1_700_000_000_000 })).toBe(true)
  })

  it('keeps an optional, trimmed note of pupils who must not be shown', () => {
    expect(validateConsentNote('  Daan en Noor niet in beeld \n')).toEqual({ ok: true, value: 'Daan en Noor niet in beeld' })
    expect(validateConsentNote('')).toEqual({ ok: true, value: '' })
    expect(validateConsentNote('x'.repeat(CONSENT_NOTE_MAX + 1))).toEqual({ ok: false, error: 'tooLong', max: CONSENT_NOTE_MAX })
  })
})
