import type { GoalEvaluation, LessonGoal } from './model'
import { isLive } from './entity'
import { type TextResult, validateText } from './text'

/** A lesson goal (OGB) is what pupils hear at the start: one sentence, not an essay. */
export const LESSON_GOAL_MAX = 500

export const GOAL_EVALUATIONS: readonly GoalEvaluation[] = ['achieved', 'partly', 'notAchieved']

export function validateLessonGoalText(raw: string): TextResult {
  return validateText(raw, { max: LESSON_GOAL_MAX, required: true })
}

/** Live goals in the agreed order. */
export function sortLessonGoals(goals: readonly LessonGoal[]): LessonGoal[] {
  return goals.filter(isLive).sort((a, b) => a.order - b.order || a.createdAt - b.createdAt)
}

/** The next free position at the end of the list. */
export function nextGoalOrder(goals: readonly LessonGoal[]): number {
  return goals.reduce((max, goal) => Math.max(max, goal.order), -1) + 1
}
