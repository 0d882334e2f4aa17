import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { repositories } from '../db/app'
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
})
