import { describe, expect, it } from 'vitest'
import type { LessonGoal } from './model'
import { LESSON_GOAL_MAX, nextGoalOrder, sortLessonGoals, validateLessonGoalText } from './lesson'

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
