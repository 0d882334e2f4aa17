import { isLive, touch } from './entity'
import type { HelpQuestion, HelpQuestionStatus } from './model'
import { type TextResult, validateText } from './text'

/** A help question is one sentence or a short paragraph; longer thoughts belong in the intake notes. */
export const HELP_QUESTION_MAX = 500

export function validateHelpQuestionText(raw: string): TextResult {
  return validateText(raw, { max: HELP_QUESTION_MAX, required: true })
}

export type HelpQuestionResult =
  | { ok: true; value: HelpQuestion }
  | { ok: false; error: HelpQuestionError }

export type HelpQuestionError =
  | 'invalidTransition'
  | 'notFound'
  | 'selfLink'
  | 'linkCycle'
  | 'otherTrajectory'

/** Primary first, then the agreed order; creation time and id keep ties stable. */
export function compareHelpQuestions(a: HelpQuestion, b: HelpQuestion): number {
  if (a.priority !== b.priority) return a.priority === 'primary' ? -1 : 1
  return a.order - b.order || a.createdAt - b.createdAt || a.id.localeCompare(b.id)
}

export function sortHelpQuestions(questions: readonly HelpQuestion[]): HelpQuestion[] {
  return questions.filter(isLive).sort(compareHelpQuestions)
}

/** The order for a question added at the end of a trajectory's list. */
export function nextHelpQuestionOrder(questions: readonly HelpQuestion[]): number {
  return questions.filter(isLive).reduce((max, q) => Math.max(max, q.order + 1), 0)
}

export interface PrimaryCheck {
  primaryIds: string[]
  /** A cycle normally works on one primary question: several is allowed but worth a word to the coach. */
  severalPrimaries: boolean
  noPrimary: boolean
}

/** The primary questions worked on in a cycle (dropped ones no longer count). */
export function checkPrimaries(questions: readonly HelpQuestion[], cycleId: string): PrimaryCheck {
  const primaryIds = sortHelpQuestions(questions)
    .filter((q) => q.priority === 'primary' && q.status !== 'dropped' && q.cycleIds.includes(cycleId))
    .map((q) => q.id)
  return { primaryIds, severalPrimaries: primaryIds.length > 1, noPrimary: primaryIds.length === 0 }
}

/** Open → solved or dropped, and back to open; solved ↔ dropped goes through open so the evaluation is reconsidered. */
const TRANSITIONS: Record<HelpQuestionStatus, readonly HelpQuestionStatus[]> = {
  open: ['solved', 'dropped'],
  solved: ['open'],
  dropped: ['open'],
}

export function canChangeStatus(from: HelpQuestionStatus, to: HelpQuestionStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to)
}

export function setHelpQuestionStatus(
  question: HelpQuestion,
  status: HelpQuestionStatus,
  now: number,
): HelpQuestionResult {
  if (!canChangeStatus(question.status, status)) return { ok: false, error: 'invalidTransition' }
  if (question.status === status) return { ok: true, value: question }
  return { ok: true, value: touch(question, { status }, now) }
}

/** Marks the question as worked on in a cycle (e.g. carried over into the next one). */
export function assignToCycle(question: HelpQuestion, cycleId: string, now: number): HelpQuestion {
  if (question.cycleIds.includes(cycleId)) return question
  return touch(question, { cycleIds: [...question.cycleIds, cycleId] }, now)
}

/**
 * Links a question to the one whose solving solves it too (null unlinks). The link must stay within
 * the trajectory and never loop, or "solved with" could never settle.
 */
export function linkSolvedWith(
  questions: readonly HelpQuestion[],
  questionId: string,
  targetId: string | null,
  now: number,
): HelpQuestionResult {
  const live = questions.filter(isLive)
  const byId = new Map(live.map((q) => [q.id, q]))
  const question = byId.get(questionId)
  if (!question) return { ok: false, error: 'notFound' }
  if (targetId === null) return { ok: true, value: touch(question, { solvedWithId: null }, now) }
  if (targetId === questionId) return { ok: false, error: 'selfLink' }
  const target = byId.get(targetId)
  if (!target) return { ok: false, error: 'notFound' }
  if (target.trajectoryId !== question.trajectoryId) return { ok: false, error: 'otherTrajectory' }
  const seen = new Set<string>()
  for (let q: HelpQuestion | undefined = target; q && !seen.has(q.id); q = byId.get(q.solvedWithId ?? '')) {
    if (q.id === questionId) return { ok: false, error: 'linkCycle' }
    seen.add(q.id)
  }
  return { ok: true, value: touch(question, { solvedWithId: targetId }, now) }
}

/** The open questions linked to a just-solved one: offered to the coach to mark solved too, never automatic. */
export function suggestSolvedWith(questions: readonly HelpQuestion[], solvedId: string): HelpQuestion[] {
  return sortHelpQuestions(questions).filter((q) => q.solvedWithId === solvedId && q.status === 'open')
}
