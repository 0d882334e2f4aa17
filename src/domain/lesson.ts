import type { GoalEvaluation, Lesson, LessonGoal } from './model'
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

/** The consent note names pupils, a few lines at most. */
export const CONSENT_NOTE_MAX = 1000

export function validateConsentNote(raw: string): TextResult {
  return validateText(raw, { max: CONSENT_NOTE_MAX, required: false })
}

/**
 * Consent for filming the group is confirmed per class visit, before its first recording: a
 * lesson may start recording only once it is (and then any further clip too).
 */
export function mayStartRecording(lesson: Pick<Lesson, 'consentConfirmedAt'>): boolean {
  return typeof lesson.consentConfirmedAt === 'number'
}
