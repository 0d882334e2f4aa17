import { defineStore, acceptHMRUpdate } from 'pinia'
import type { Cycle, FollowUp, HelpQuestionStatus, Locale, Marker } from '../domain/model'
import { isoDate } from '../domain/calendar'
import type { CycleError } from '../domain/cycle'
import { addQuestion, answerQuestion, withConversation } from '../domain/follow-up'
import { linkSolvedWith, setHelpQuestionStatus, type HelpQuestionError } from '../domain/help-question'
import { repositories } from '../db/app'
import { fragmentBank } from '../composables/coaching/useFollowUpView'
import { useCoachingStore } from './coaching'

export type FollowUpText = Partial<Pick<FollowUp, 'heldOn' | 'conclusions' | 'agreements' | 'nextSteps'>>

/**
 * The writes of a cycle's nagesprek (what it shows is useFollowUpView). The FollowUp record is made
 * on the first thing written, so opening the screen writes nothing.
 */
export const useFollowUpStore = defineStore('followUp', () => {
  const coaching = useCoachingStore()

  /** Every change reads, changes and writes the whole record in one transaction (db/repositories.ts). */
  async function change(cycleId: string, apply: (record: FollowUp) => Partial<FollowUp>): Promise<void> {
    await repositories().followUps.change(cycleId, () => ({
      heldOn: isoDate(new Date()), fragments: [], conclusions: '', agreements: '', nextSteps: '',
    }), apply)
  }

  function answer(cycleId: string, marker: Marker, locale: Locale, question: string, text: string): Promise<void> {
    return change(cycleId, (record) => {
      const before = record.fragments.find((f) => f.markerId === marker.id)
      return { fragments: withConversation(record.fragments, answerQuestion(before, marker.id, fragmentBank(marker, locale), question, text)) }
    })
  }

  function ask(cycleId: string, marker: Marker, locale: Locale, question: string): Promise<void> {
    return change(cycleId, (record) => {
      const before = record.fragments.find((f) => f.markerId === marker.id)
      return { fragments: withConversation(record.fragments, addQuestion(before, marker.id, fragmentBank(marker, locale), question)) }
    })
  }

  function write(cycleId: string, patch: FollowUpText): Promise<void> {
    return change(cycleId, () => patch)
  }

  // ---- Help questions ----------------------------------------------------------------------------

  /** A refusal comes back for the screen to explain; nothing is written then. */
  async function setStatus(questionId: string, status: HelpQuestionStatus): Promise<HelpQuestionError | null> {
    const question = await repositories().helpQuestions.get(questionId)
    if (!question || question.deletedAt) return 'notFound'
    const result = setHelpQuestionStatus(question, status, Date.now())
    if (!result.ok) return result.error
    await coaching.updateHelpQuestion(questionId, { status })
    return null
  }

  async function linkSolved(questionId: string, targetId: string | null): Promise<HelpQuestionError | null> {
    const repos = repositories()
    const question = await repos.helpQuestions.get(questionId)
    if (!question || question.deletedAt) return 'notFound'
    const result = linkSolvedWith(await repos.helpQuestions.byTrajectory(question.trajectoryId), questionId, targetId, Date.now())
    if (!result.ok) return result.error
    await coaching.updateHelpQuestion(questionId, { solvedWithId: targetId })
    return null
  }

  // ---- The cycle ---------------------------------------------------------------------------------

  async function complete(cycleId: string): Promise<CycleError | null> {
    const [record] = await repositories().followUps.byCycle(cycleId)
    if (!record) await write(cycleId, { heldOn: isoDate(new Date()) })
    const result = await coaching.completeStep(cycleId, 'followUp')
    return result.ok ? null : result.error
  }

  async function reopen(cycleId: string): Promise<CycleError | null> {
    const result = await coaching.reopenStep(cycleId, 'followUp')
    return result.ok ? null : result.error
  }

  /** Rounds the nagesprek off (if still open) and starts the next cycle with the open help questions. */
  async function startNextCycle(cycleId: string): Promise<{ cycle: Cycle } | { error: CycleError }> {
    const repos = repositories()
    const current = await repos.cycles.get(cycleId)
    if (!current) throw new Error(`cycle ${cycleId} not found`)
    const next = (await repos.cycles.byTrajectory(current.trajectoryId)).find((c) => c.number === current.number + 1)
    if (next) return { cycle: next }
    if (current.steps.followUp === 'open') {
      const error = await complete(cycleId)
      if (error) return { error }
    }
    return { cycle: await coaching.startNextCycle(current.trajectoryId) }
  }

  return { answer, ask, write, setStatus, linkSolved, complete, reopen, startNextCycle }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useFollowUpStore, import.meta.hot))
