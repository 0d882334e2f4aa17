import { isLive, touch } from './entity'
import { sortHelpQuestions } from './help-question'
import type { FollowUp, FragmentConversation, HelpQuestion, LessonGoal, Marker, QuestionAnswer } from './model'
import { questionKey } from './reflective-questions'
import { isBlank } from './text'

/** The coach's order first; fragments not yet placed follow in the order they happened. */
export function compareFragments(a: Marker, b: Marker): number {
  return (a.chosenOrder ?? Infinity) - (b.chosenOrder ?? Infinity) || a.tappedAt - b.tappedAt || a.id.localeCompare(b.id)
}

/** The fragments chosen for the nagesprek, in the order they will be played. */
export function orderFragments(markers: readonly Marker[]): Marker[] {
  return markers.filter((m) => isLive(m) && m.chosen).sort(compareFragments)
}

/** Numbers the fragments 0, 1, 2 … and returns only the markers that changed, for writing. */
function renumber(ordered: readonly Marker[], now: number): Marker[] {
  return ordered.flatMap((m, i) => (m.chosenOrder === i ? [] : [touch(m, { chosenOrder: i }, now)]))
}

/** Moves a fragment one place up (-1) or down (+1); the changed markers, none at either end. */
export function moveFragment(markers: readonly Marker[], markerId: string, delta: -1 | 1, now: number): Marker[] {
  const ordered = orderFragments(markers)
  const from = ordered.findIndex((m) => m.id === markerId)
  const to = from + delta
  if (from < 0 || to < 0 || to >= ordered.length) return []
  ;[ordered[from], ordered[to]] = [ordered[to]!, ordered[from]!]
  return renumber(ordered, now)
}

/** Chooses a fragment (it goes last) or lets it go (the rest close up); the changed markers. */
export function setChosen(markers: readonly Marker[], markerId: string, chosen: boolean, now: number): Marker[] {
  const marker = markers.find((m) => m.id === markerId && isLive(m))
  if (!marker || marker.chosen === chosen) return []
  const others = orderFragments(markers).filter((m) => m.id !== markerId)
  if (!chosen) return [touch(marker, { chosen, chosenOrder: null }, now), ...renumber(others, now)]
  const added = touch(marker, { chosen, chosenOrder: others.length }, now)
  return [...renumber(others, now), added]
}

/**
 * The questions for one fragment: those already asked (with their answers, ad-hoc ones included)
 * in their order, then the bank's questions not asked yet, unanswered.
 */
export function fragmentQuestions(conversation: FragmentConversation | undefined, bank: readonly string[]): QuestionAnswer[] {
  const asked = conversation?.answers ?? []
  const askedKeys = new Set(asked.map((qa) => questionKey(qa.question)))
  return [...asked, ...bank.filter((q) => !askedKeys.has(questionKey(q))).map((question) => ({ question, answer: '' }))]
}

export type FollowUpGap =
  | { kind: 'noFragments' }
  | { kind: 'fragmentUnanswered'; markerId: string }
  | { kind: 'helpQuestionNotEvaluated'; helpQuestionId: string }
  | { kind: 'goalNotEvaluated'; goalId: string }
  | { kind: 'noAgreements' }

export interface FollowUpContext {
  followUp: FollowUp
  /** The markers of the cycle's lesson. */
  markers: readonly Marker[]
  /** The trajectory's help questions; those worked on in this cycle are checked. */
  helpQuestions: readonly HelpQuestion[]
  goals: readonly LessonGoal[]
}

/**
 * What is still missing before the nagesprek is rounded off, in the order of the conversation.
 * A checklist for the coach, never a block: a conversation may end early.
 */
export function followUpGaps({ followUp, markers, helpQuestions, goals }: FollowUpContext): FollowUpGap[] {
  const gaps: FollowUpGap[] = []
  const fragments = orderFragments(markers)
  if (fragments.length === 0) gaps.push({ kind: 'noFragments' })
  for (const m of fragments) {
    const answers = followUp.fragments.find((f) => f.markerId === m.id)?.answers ?? []
    if (answers.every((qa) => isBlank(qa.answer))) gaps.push({ kind: 'fragmentUnanswered', markerId: m.id })
  }
  // A dropped question needs no evaluation: dropping it was the decision.
  for (const q of sortHelpQuestions(helpQuestions)) {
    if (q.cycleIds.includes(followUp.cycleId) && q.status !== 'dropped' && isBlank(q.evaluation)) {
      gaps.push({ kind: 'helpQuestionNotEvaluated', helpQuestionId: q.id })
    }
  }
  for (const g of goals.filter(isLive).sort((a, b) => a.order - b.order)) {
    if (g.evaluation === null) gaps.push({ kind: 'goalNotEvaluated', goalId: g.id })
  }
  if (isBlank(followUp.agreements)) gaps.push({ kind: 'noAgreements' })
  return gaps
}

/**
 * The fragment's conversation with one answer set. The whole list as shown is stored (bank questions
 * included, blank or not), so a question keeps its place on screen once it is answered.
 */
export function answerQuestion(
  conversation: FragmentConversation | undefined,
  markerId: string,
  bank: readonly string[],
  question: string,
  answer: string,
): FragmentConversation {
  const key = questionKey(question)
  const shown = fragmentQuestions(conversation, bank)
  const answers = shown.some((qa) => questionKey(qa.question) === key)
    ? shown.map((qa) => (questionKey(qa.question) === key ? { question: qa.question, answer } : qa))
    : [...shown, { question, answer }]
  return { markerId, answers }
}

/** A question the coach asks on the spot; it goes last, once (a question already there is not added again). */
export function addQuestion(
  conversation: FragmentConversation | undefined,
  markerId: string,
  bank: readonly string[],
  question: string,
): FragmentConversation {
  const shown = fragmentQuestions(conversation, bank)
  const text = question.replace(/\s+/g, ' ').trim()
  if (text === '' || shown.some((qa) => questionKey(qa.question) === questionKey(text))) return { markerId, answers: shown }
  return { markerId, answers: [...shown, { question: text, answer: '' }] }
}

/** The follow-up's fragments with one conversation put in (replacing the marker's earlier one). */
export function withConversation(fragments: readonly FragmentConversation[], conversation: FragmentConversation): FragmentConversation[] {
  const at = fragments.findIndex((f) => f.markerId === conversation.markerId)
  return at < 0 ? [...fragments, conversation] : fragments.map((f, i) => (i === at ? conversation : f))
}

/** The questions of a fragment that got an answer: what a report shows. */
export function answeredQuestions(conversation: FragmentConversation | undefined): QuestionAnswer[] {
  return (conversation?.answers ?? []).filter((qa) => !isBlank(qa.answer))
}
