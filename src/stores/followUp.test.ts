import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { repositories } from '../db/app'
import { newHelpQuestion } from '../db/testing'
import { useFollowUpStore } from './followUp'
import { freshVisit } from './testing'

describe('the nagesprek store', () => {
  it('texts written at once all land in one record, made on the first write', async () => {
    const { cycleId } = await freshVisit()
    const followUp = useFollowUpStore()
    await Promise.all([
      followUp.write(cycleId, { conclusions: 'Rustig begonnen' }),
      followUp.write(cycleId, { agreements: 'Uitleg korter' }),
      followUp.write(cycleId, { nextSteps: 'Volgende keer filmen bij de toestellen' }),
    ])
    const records = await repositories().followUps.byCycle(cycleId)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ conclusions: 'Rustig begonnen', agreements: 'Uitleg korter', nextSteps: 'Volgende keer filmen bij de toestellen' })
  })

  it('rounding off without a word written makes the record with today as its date, and the next cycle follows', async () => {
    const { cycleId } = await freshVisit()
    const followUp = useFollowUpStore()
    const repos = repositories()
    const cycle = (await repos.cycles.get(cycleId))!
    await repos.cycles.update(cycleId, { steps: { ...cycle.steps, intake: 'done', visit: 'done' } })
    const next = await followUp.startNextCycle(cycleId)
    if (!('cycle' in next)) throw new Error(next.error)
    expect(next.cycle.number).toBe(cycle.number + 1)
    expect((await repos.cycles.get(cycleId))?.steps.followUp).toBe('done')
    expect((await repos.followUps.byCycle(cycleId))[0]?.heldOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(await followUp.startNextCycle(cycleId)).toEqual({ cycle: next.cycle })
  })

  it('a nagesprek cannot be rounded off before the visit; the refusal comes back', async () => {
    const { cycleId } = await freshVisit()
    expect(await useFollowUpStore().complete(cycleId)).toBe('previousStepOpen')
  })

  it('a solved question cannot go straight to dropped; the refusal comes back and nothing is written', async () => {
    const { cycleId } = await freshVisit()
    const cycle = (await repositories().cycles.get(cycleId))!
    const question = await repositories().helpQuestions.create(newHelpQuestion(cycle.trajectoryId, 0))
    const followUp = useFollowUpStore()
    expect(await followUp.setStatus(question.id, 'solved')).toBeNull()
    expect(await followUp.setStatus(question.id, 'dropped')).toBe('invalidTransition')
    expect((await repositories().helpQuestions.get(question.id))?.status).toBe('solved')
    expect(await followUp.setStatus('nobody', 'solved')).toBe('notFound')
  })
})
