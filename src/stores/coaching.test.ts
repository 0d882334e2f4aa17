import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { repositories } from '../db/app'
import { newCoachee } from '../db/testing'
import { useCoachingStore } from './coaching'

async function trajectory() {
  const coachee = await repositories().coachees.create(newCoachee())
  return useCoachingStore().startTrajectory(coachee.id, 'Startbekwaam')
}

describe('the coaching store', () => {
  beforeEach(() => { setActivePinia(createPinia()) })

  it('a new trajectory starts with cycle 1 and its class visit, every step open', async () => {
    const { trajectory: t, cycle } = await trajectory()
    expect(cycle).toMatchObject({ trajectoryId: t.id, number: 1, steps: { intake: 'open', visit: 'open', followUp: 'open' } })
    expect(await repositories().lessons.byCycle(cycle.id)).toHaveLength(1)
  })

  it('help questions keep the order they are added and moved in, within the cycle', async () => {
    const coaching = useCoachingStore()
    const { cycle } = await trajectory()
    const a = await coaching.addHelpQuestion(cycle.id, 'Hoe start ik de les rustig?', 'primary')
    const b = await coaching.addHelpQuestion(cycle.id, 'Hoe geef ik korte uitleg?', 'primary')
    await coaching.moveHelpQuestion(cycle.id, b.id, -1)
    const ordered = (await repositories().helpQuestions.byTrajectory(cycle.trajectoryId)).map((q) => q.id)
    expect(ordered).toEqual([b.id, a.id])
    await coaching.moveHelpQuestion(cycle.id, b.id, -1)
    expect((await repositories().helpQuestions.byTrajectory(cycle.trajectoryId)).map((q) => q.id)).toEqual([b.id, a.id])
  })

  it('a step cannot be completed before the one before it; the refusal comes back and nothing is written', async () => {
    const coaching = useCoachingStore()
    const { cycle } = await trajectory()
    expect(await coaching.completeStep(cycle.id, 'followUp')).toEqual({ ok: false, error: 'previousStepOpen' })
    expect((await repositories().cycles.get(cycle.id))?.steps.followUp).toBe('open')
    expect(await coaching.completeStep(cycle.id, 'intake')).toMatchObject({ ok: true })
    expect((await repositories().cycles.get(cycle.id))?.steps.intake).toBe('done')
  })

  it('the next cycle carries the open help questions along, not the solved ones', async () => {
    const coaching = useCoachingStore()
    const { cycle } = await trajectory()
    const open = await coaching.addHelpQuestion(cycle.id, 'Hoe houd ik overzicht?', 'primary')
    const solved = await coaching.addHelpQuestion(cycle.id, 'Hoe verdeel ik de groepjes?', 'secondary')
    await coaching.updateHelpQuestion(solved.id, { status: 'solved' })
    const next = await coaching.startNextCycle(cycle.trajectoryId)
    expect(next.number).toBe(2)
    expect((await repositories().helpQuestions.get(open.id))?.cycleIds).toEqual([cycle.id, next.id])
    expect((await repositories().helpQuestions.get(solved.id))?.cycleIds).toEqual([cycle.id])
    expect(await repositories().lessons.byCycle(next.id)).toHaveLength(1)
  })

  it('lesson goals are added at the end, moved and removed', async () => {
    const coaching = useCoachingStore()
    const { cycle } = await trajectory()
    const [lesson] = await repositories().lessons.byCycle(cycle.id)
    const a = await coaching.addLessonGoal(lesson!.id, 'Iedereen is binnen 2 minuten bezig')
    const b = await coaching.addLessonGoal(lesson!.id, 'De leerlingen helpen elkaar')
    await coaching.moveLessonGoal(lesson!.id, b.id, -1)
    await coaching.removeLessonGoal(a.id)
    expect((await repositories().lessonGoals.byLesson(lesson!.id)).map((g) => g.id)).toEqual([b.id])
  })
})
