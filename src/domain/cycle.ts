import { isLive, touch } from './entity'
import { sortHelpQuestions } from './help-question'
import { CYCLE_STEPS, type Cycle, type CycleStep, type HelpQuestion, type StepStatus } from './model'

export type CycleError =
  /** A step waits for the one before it to be done or skipped. */
  | 'previousStepOpen'
  /** Undoing a step would leave a later step done before it. */
  | 'laterStepDone'
  /** The visit and the nagesprek are the heart of beeldcoaching: without them there is no cycle. */
  | 'notSkippable'
  /** The first cycle's intake is where the help questions are agreed: nothing to carry over yet. */
  | 'firstCycleIntake'
  /** A follow-on intake may only be skipped when open help questions carry over into the cycle. */
  | 'nothingCarriedOver'
  | 'alreadyDone'

export type CycleResult = { ok: true; value: Cycle } | { ok: false; error: CycleError }

const isSettled = (status: StepStatus) => status !== 'open'

function stepIndex(step: CycleStep): number {
  return CYCLE_STEPS.indexOf(step)
}

/** The first step still open; null once the cycle is complete. */
export function currentStep(cycle: Cycle): CycleStep | null {
  return CYCLE_STEPS.find((step) => cycle.steps[step] === 'open') ?? null
}

export function isCycleComplete(cycle: Cycle): boolean {
  return currentStep(cycle) === null
}

/** Open help questions of the cycle's trajectory that are worked on in this cycle. */
function carriedQuestions(cycle: Cycle, questions: readonly HelpQuestion[]): HelpQuestion[] {
  return questions.filter((q) => isLive(q) && q.status === 'open' && q.trajectoryId === cycle.trajectoryId && q.cycleIds.includes(cycle.id))
}

function previousSettled(cycle: Cycle, step: CycleStep): boolean {
  return CYCLE_STEPS.slice(0, stepIndex(step)).every((s) => isSettled(cycle.steps[s]))
}

/** Why the step may not be completed now, or null when it may. A skipped step may still be done after all. */
export function completeStepError(cycle: Cycle, step: CycleStep): CycleError | null {
  return previousSettled(cycle, step) ? null : 'previousStepOpen'
}

/** Why the step may not be skipped now, or null when it may. */
export function skipStepError(cycle: Cycle, step: CycleStep, questions: readonly HelpQuestion[]): CycleError | null {
  if (step !== 'intake') return 'notSkippable'
  if (cycle.steps[step] === 'done') return 'alreadyDone'
  if (cycle.number <= 1) return 'firstCycleIntake'
  return carriedQuestions(cycle, questions).length > 0 ? null : 'nothingCarriedOver'
}

function setStep(cycle: Cycle, step: CycleStep, status: StepStatus, error: CycleError | null, now: number): CycleResult {
  if (error) return { ok: false, error }
  if (cycle.steps[step] === status) return { ok: true, value: cycle }
  return { ok: true, value: touch(cycle, { steps: { ...cycle.steps, [step]: status } }, now) }
}

export function completeStep(cycle: Cycle, step: CycleStep, now: number): CycleResult {
  return setStep(cycle, step, 'done', completeStepError(cycle, step), now)
}

export function skipStep(cycle: Cycle, step: CycleStep, questions: readonly HelpQuestion[], now: number): CycleResult {
  return setStep(cycle, step, 'skipped', skipStepError(cycle, step, questions), now)
}

/** Undo a mistaken tap; only the last settled step can be reopened, so the order stays true. */
export function reopenStep(cycle: Cycle, step: CycleStep, now: number): CycleResult {
  const laterSettled = CYCLE_STEPS.slice(stepIndex(step) + 1).some((s) => isSettled(cycle.steps[s]))
  return setStep(cycle, step, 'open', laterSettled ? 'laterStepDone' : null, now)
}

export interface StepState {
  step: CycleStep
  status: StepStatus
  current: boolean
  canComplete: boolean
  canSkip: boolean
}

/** Everything a cycle overview shows per step. */
export function stepStates(cycle: Cycle, questions: readonly HelpQuestion[]): StepState[] {
  const current = currentStep(cycle)
  return CYCLE_STEPS.map((step) => ({
    step,
    status: cycle.steps[step],
    current: step === current,
    canComplete: cycle.steps[step] !== 'done' && completeStepError(cycle, step) === null,
    canSkip: cycle.steps[step] === 'open' && skipStepError(cycle, step, questions) === null,
  }))
}

export type NextCycleReason =
  /** A question worked on in this cycle is still open. */
  | 'openQuestion'
  /** The intake named questions this cycle did not get to. */
  | 'questionsWaiting'

export interface NextCycleAdvice {
  advised: boolean
  reasons: NextCycleReason[]
  /** Primary first, then the agreed order. */
  openQuestionIds: string[]
}

/** Whether another cycle is advised after this one: a suggestion for the nagesprek, the coach decides. */
export function nextCycleAdvice(cycle: Cycle, questions: readonly HelpQuestion[]): NextCycleAdvice {
  const open = sortHelpQuestions(questions).filter((q) => q.status === 'open' && q.trajectoryId === cycle.trajectoryId)
  const reasons: NextCycleReason[] = []
  if (open.some((q) => q.cycleIds.includes(cycle.id))) reasons.push('openQuestion')
  if (open.some((q) => !q.cycleIds.includes(cycle.id))) reasons.push('questionsWaiting')
  return { advised: reasons.length > 0, reasons, openQuestionIds: open.map((q) => q.id) }
}

/** The data of the cycle that follows; the caller gives it an id and assigns the carried questions to it. */
export interface NextCycleDraft {
  trajectoryId: string
  number: number
  steps: Record<CycleStep, StepStatus>
  intakeDate: null
  intakeNotes: string
  /** Open questions of the trajectory, primary first: they carry over, which is what lets the intake be skipped. */
  carriedOverIds: string[]
}

export function startNextCycle(previous: Cycle, questions: readonly HelpQuestion[]): NextCycleDraft {
  return {
    trajectoryId: previous.trajectoryId,
    number: previous.number + 1,
    steps: { intake: 'open', visit: 'open', followUp: 'open' },
    intakeDate: null,
    intakeNotes: '',
    carriedOverIds: nextCycleAdvice(previous, questions).openQuestionIds,
  }
}
