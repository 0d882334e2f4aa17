import { defineStore, acceptHMRUpdate } from 'pinia'
import type { Cycle, CycleStep, HelpQuestion, HelpQuestionPriority, Lesson, LessonGoal, Trajectory } from '../domain/model'
import { isoDate } from '../domain/calendar'
import { completeStep as completeCycleStep, reopenStep as reopenCycleStep, startNextCycle as nextCycleDraft, type CycleResult } from '../domain/cycle'
import { nextHelpQuestionOrder, sortHelpQuestions } from '../domain/help-question'
import { defaultTemplate } from '../domain/kijkwijzer'
import { nextGoalOrder, sortLessonGoals } from '../domain/lesson'
import { repositories } from '../db/app'

/** Moves one id a place up or down in a list; the list's order is what gets stored. */
function moved(ids: string[], id: string, delta: -1 | 1): string[] | null {
  const from = ids.indexOf(id)
  const to = from + delta
  if (from < 0 || to < 0 || to >= ids.length) return null
  const next = [...ids]
  next.splice(from, 1)
  next.splice(to, 0, id)
  return next
}

function newLesson(): Omit<Lesson, 'id' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'cycleId'> {
  return { date: null, place: 'gym', group: '', kijkwijzerTemplateId: defaultTemplate.id, startedAt: null, endedAt: null }
}

/** The writes of the coaching cycle: trajectories, cycles, help questions, lessons and goals. */
export const useCoachingStore = defineStore('coaching', () => {
  async function startTrajectory(coacheeId: string, title: string): Promise<{ trajectory: Trajectory; cycle: Cycle }> {
    const repos = repositories()
    const trajectory = await repos.trajectories.create({ coacheeId, title, startedOn: isoDate(new Date()), closedAt: null, notes: '' })
    return { trajectory, cycle: (await startFirstCycle(trajectory.id)).cycle }
  }

  function startFirstCycle(trajectoryId: string): Promise<{ cycle: Cycle; lesson: Lesson }> {
    return repositories().createCycleWithLesson(
      { trajectoryId, number: 1, steps: { intake: 'open', visit: 'open', followUp: 'open' }, intakeDate: isoDate(new Date()), intakeNotes: '' },
      newLesson(),
    )
  }

  /** A follow-on cycle carries the open help questions with it. */
  async function startNextCycle(trajectoryId: string): Promise<Cycle> {
    const repos = repositories()
    const [cycles, questions] = await Promise.all([repos.cycles.byTrajectory(trajectoryId), repos.helpQuestions.byTrajectory(trajectoryId)])
    const last = cycles[cycles.length - 1]
    if (!last) return (await startFirstCycle(trajectoryId)).cycle
    const { carriedOverIds, ...draft } = nextCycleDraft(last, questions)
    const { cycle } = await repos.createCycleWithLesson({ ...draft, intakeDate: isoDate(new Date()) }, newLesson(), carriedOverIds)
    return cycle
  }

  async function cycle(cycleId: string): Promise<Cycle> {
    const found = await repositories().cycles.get(cycleId)
    if (!found) throw new Error(`cycle ${cycleId} not found`)
    return found
  }

  async function updateCycle(cycleId: string, patch: Partial<Pick<Cycle, 'intakeDate' | 'intakeNotes'>>): Promise<void> {
    await repositories().cycles.update(cycleId, patch)
  }

  /** Applies a step rule; a refusal is returned for the screen to explain, nothing is written. */
  async function changeStep(cycleId: string, change: (c: Cycle) => CycleResult): Promise<CycleResult> {
    const result = change(await cycle(cycleId))
    if (result.ok) await repositories().cycles.update(cycleId, { steps: result.value.steps })
    return result
  }

  const completeStep = (cycleId: string, step: CycleStep) => changeStep(cycleId, (c) => completeCycleStep(c, step, Date.now()))
  const reopenStep = (cycleId: string, step: CycleStep) => changeStep(cycleId, (c) => reopenCycleStep(c, step, Date.now()))

  async function cycleQuestions(trajectoryId: string, cycleId: string): Promise<HelpQuestion[]> {
    const all = await repositories().helpQuestions.byTrajectory(trajectoryId)
    return sortHelpQuestions(all.filter((q) => q.cycleIds.includes(cycleId)))
  }

  async function addHelpQuestion(cycleId: string, text: string, priority: HelpQuestionPriority): Promise<HelpQuestion> {
    const repos = repositories()
    const { trajectoryId } = await cycle(cycleId)
    const all = await repos.helpQuestions.byTrajectory(trajectoryId)
    return repos.helpQuestions.create({
      trajectoryId, text, priority, status: 'open', order: nextHelpQuestionOrder(all),
      cycleIds: [cycleId], solvedWithId: null, evaluation: '',
    })
  }

  async function updateHelpQuestion(id: string, patch: Partial<Pick<HelpQuestion, 'text' | 'priority' | 'status' | 'solvedWithId' | 'evaluation'>>): Promise<void> {
    await repositories().helpQuestions.update(id, patch)
  }

  async function moveHelpQuestion(cycleId: string, id: string, delta: -1 | 1): Promise<void> {
    const { trajectoryId } = await cycle(cycleId)
    const ordered = await cycleQuestions(trajectoryId, cycleId)
    const ids = moved(ordered.map((q) => q.id), id, delta)
    if (ids) await repositories().reorder('helpQuestions', ids)
  }

  async function removeHelpQuestion(id: string): Promise<void> {
    await repositories().helpQuestions.remove(id)
  }

  async function addLessonGoal(lessonId: string, text: string): Promise<LessonGoal> {
    const repos = repositories()
    const goals = await repos.lessonGoals.byLesson(lessonId)
    return repos.lessonGoals.create({ lessonId, text, order: nextGoalOrder(goals), evaluation: null, evaluationNote: '' })
  }

  async function updateLessonGoal(id: string, patch: Partial<Pick<LessonGoal, 'text' | 'evaluation' | 'evaluationNote'>>): Promise<void> {
    await repositories().lessonGoals.update(id, patch)
  }

  async function moveLessonGoal(lessonId: string, id: string, delta: -1 | 1): Promise<void> {
    const goals = sortLessonGoals(await repositories().lessonGoals.byLesson(lessonId))
    const ids = moved(goals.map((g) => g.id), id, delta)
    if (ids) await repositories().reorder('lessonGoals', ids)
  }

  async function removeLessonGoal(id: string): Promise<void> {
    await repositories().lessonGoals.remove(id)
  }

  async function updateLesson(lessonId: string, patch: Partial<Pick<Lesson, 'date' | 'place' | 'group'>>): Promise<void> {
    await repositories().lessons.update(lessonId, patch)
  }

  return {
    startTrajectory, startNextCycle, updateCycle, completeStep, reopenStep,
    addHelpQuestion, updateHelpQuestion, moveHelpQuestion, removeHelpQuestion,
    addLessonGoal, updateLessonGoal, moveLessonGoal, removeLessonGoal, updateLesson,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCoachingStore, import.meta.hot))
