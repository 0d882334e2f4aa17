import { defineStore, acceptHMRUpdate } from 'pinia'
import { computed, ref } from 'vue'
import type { Cycle, FollowUp, FragmentConversation, GoalEvaluation, HelpQuestion, HelpQuestionStatus, Locale, Marker } from '../domain/model'
import { isoDate } from '../domain/calendar'
import { nextCycleAdvice, type CycleError } from '../domain/cycle'
import { addQuestion, answerQuestion, followUpGaps, fragmentQuestions, orderFragments, withConversation } from '../domain/follow-up'
import { linkSolvedWith, setHelpQuestionStatus, suggestSolvedWith, type HelpQuestionError } from '../domain/help-question'
import { defaultTemplate } from '../domain/kijkwijzer'
import { questionBank } from '../domain/reflective-questions'
import { followUpReport } from '../domain/report'
import { useLiveQuery } from '../composables/useLiveQuery'
import { repositories } from '../db/app'
import { readCycleLesson } from './cycle-lesson'
import { useCoachingStore } from './coaching'

export type FollowUpText = Partial<Pick<FollowUp, 'heldOn' | 'conclusions' | 'agreements' | 'nextSteps'>>

/**
 * The nagesprek of one cycle: the chosen fragments with their questions and answers, the
 * evaluation of help questions and lesson goals, and what was agreed. The FollowUp record is made
 * on the first thing written, so opening the screen writes nothing.
 */
export const useFollowUpStore = defineStore('followUp', () => {
  const coaching = useCoachingStore()
  const cycleId = ref<string | null>(null)

  const data = useLiveQuery(async () => {
    const id = cycleId.value
    if (!id) return undefined
    const lesson = await readCycleLesson(id)
    if (!lesson.cycle) return { ...lesson, followUp: undefined, nextCycle: undefined }
    const repos = repositories()
    const [[followUp], cycles] = await Promise.all([repos.followUps.byCycle(id), repos.cycles.byTrajectory(lesson.cycle.trajectoryId)])
    return { ...lesson, followUp, nextCycle: cycles.find((c) => c.number === lesson.cycle!.number + 1) }
  }, () => cycleId.value)

  const loaded = computed(() => data.value !== undefined)
  const cycle = computed(() => data.value?.cycle)
  const lesson = computed(() => data.value?.lesson)
  const followUp = computed(() => data.value?.followUp)
  const coachee = computed(() => data.value?.coachee)
  const trajectory = computed(() => data.value?.trajectory)
  const recordings = computed(() => data.value?.recordings ?? [])
  const markers = computed<Marker[]>(() => data.value?.markers ?? [])
  const goals = computed(() => data.value?.goals ?? [])
  const allHelpQuestions = computed<HelpQuestion[]>(() => data.value?.allHelpQuestions ?? [])
  const helpQuestions = computed(() => allHelpQuestions.value.filter((q) => cycle.value && q.cycleIds.includes(cycle.value.id)))
  const nextCycle = computed<Cycle | undefined>(() => data.value?.nextCycle)
  const template = defaultTemplate
  const fragments = computed(() => orderFragments(markers.value))
  const advice = computed(() => (cycle.value ? nextCycleAdvice(cycle.value, allHelpQuestions.value) : null))

  /** A blank record to show while nothing is written yet: the rules then see an empty nagesprek. */
  const current = computed<FollowUp | undefined>(() => followUp.value ?? (cycle.value && {
    id: '', createdAt: 0, updatedAt: 0, deletedAt: null, cycleId: cycle.value.id, heldOn: null, fragments: [], conclusions: '', agreements: '', nextSteps: '',
  }))
  const gaps = computed(() => current.value
    ? followUpGaps({ followUp: current.value, markers: markers.value, helpQuestions: helpQuestions.value, goals: goals.value })
    : [])

  function open(id: string): void {
    if (cycleId.value !== id) cycleId.value = id
  }

  function conversation(markerId: string): FragmentConversation | undefined {
    return followUp.value?.fragments.find((f) => f.markerId === markerId)
  }

  function bank(marker: Marker, locale: Locale): string[] {
    return questionBank(template, marker.kind, locale)
  }

  /** The questions of a fragment as shown: asked ones first, then the bank's. */
  function questions(marker: Marker, locale: Locale) {
    return fragmentQuestions(conversation(marker.id), bank(marker, locale))
  }

  /** Every change reads, changes and writes the whole record in one transaction (db/repositories.ts). */
  async function change(apply: (record: FollowUp) => Partial<FollowUp>): Promise<void> {
    const id = cycleId.value
    if (!id) return
    await repositories().followUps.change(id, () => ({
      heldOn: isoDate(new Date()), fragments: [], conclusions: '', agreements: '', nextSteps: '',
    }), apply)
  }

  function answer(marker: Marker, locale: Locale, question: string, text: string): Promise<void> {
    return change((record) => {
      const before = record.fragments.find((f) => f.markerId === marker.id)
      return { fragments: withConversation(record.fragments, answerQuestion(before, marker.id, bank(marker, locale), question, text)) }
    })
  }

  function ask(marker: Marker, locale: Locale, question: string): Promise<void> {
    return change((record) => {
      const before = record.fragments.find((f) => f.markerId === marker.id)
      return { fragments: withConversation(record.fragments, addQuestion(before, marker.id, bank(marker, locale), question)) }
    })
  }

  function write(patch: FollowUpText): Promise<void> {
    return change(() => patch)
  }

  // ---- Help questions and lesson goals ---------------------------------------------------------

  /** A refusal comes back for the screen to explain; nothing is written then. */
  async function setStatus(questionId: string, status: HelpQuestionStatus): Promise<HelpQuestionError | null> {
    const question = allHelpQuestions.value.find((q) => q.id === questionId)
    if (!question) return 'notFound'
    const result = setHelpQuestionStatus(question, status, Date.now())
    if (!result.ok) return result.error
    await coaching.updateHelpQuestion(questionId, { status })
    return null
  }

  async function linkSolved(questionId: string, targetId: string | null): Promise<HelpQuestionError | null> {
    const result = linkSolvedWith(allHelpQuestions.value, questionId, targetId, Date.now())
    if (!result.ok) return result.error
    await coaching.updateHelpQuestion(questionId, { solvedWithId: targetId })
    return null
  }

  /** Open questions linked to a solved one: offered to the coach, never changed by themselves. */
  function solvedAlong(questionId: string): HelpQuestion[] {
    return suggestSolvedWith(allHelpQuestions.value, questionId)
  }

  const evaluateHelpQuestion = (id: string, evaluation: string) => coaching.updateHelpQuestion(id, { evaluation })
  const evaluateGoal = (id: string, patch: { evaluation?: GoalEvaluation | null; evaluationNote?: string }) => coaching.updateLessonGoal(id, patch)

  // ---- The cycle ---------------------------------------------------------------------------------

  async function complete(): Promise<CycleError | null> {
    if (!cycleId.value) return null
    if (!followUp.value) await write({ heldOn: isoDate(new Date()) })
    const result = await coaching.completeStep(cycleId.value, 'followUp')
    return result.ok ? null : result.error
  }

  async function reopen(): Promise<CycleError | null> {
    if (!cycleId.value) return null
    const result = await coaching.reopenStep(cycleId.value, 'followUp')
    return result.ok ? null : result.error
  }

  /** Rounds the nagesprek off (if still open) and starts the next cycle with the open help questions. */
  async function startNextCycle(): Promise<{ cycle: Cycle } | { error: CycleError }> {
    const current = cycle.value
    if (!current) throw new Error('no cycle open')
    if (nextCycle.value) return { cycle: nextCycle.value }
    if (current.steps.followUp === 'open') {
      const error = await complete()
      if (error) return { error }
    }
    return { cycle: await coaching.startNextCycle(current.trajectoryId) }
  }

  // ---- Report ------------------------------------------------------------------------------------

  function report(locale: Locale) {
    const d = data.value
    if (!d?.cycle || !d.lesson) return null
    return followUpReport({
      coachee: d.coachee, trajectory: d.trajectory, cycle: d.cycle, lesson: d.lesson, followUp: d.followUp,
      helpQuestions: d.allHelpQuestions, goals: d.goals, markers: d.markers, recordings: d.recordings,
      observations: d.observations, template,
    }, locale)
  }

  return {
    open, loaded, cycle, lesson, followUp, coachee, trajectory, recordings, markers, goals, helpQuestions, allHelpQuestions,
    nextCycle, template, fragments, advice, gaps,
    questions, answer, ask, write, setStatus, linkSolved, solvedAlong, evaluateHelpQuestion, evaluateGoal,
    complete, reopen, startNextCycle, report,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useFollowUpStore, import.meta.hot))
