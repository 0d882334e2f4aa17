import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { repositories } from '../db/app'
import { useFollowUpStore } from './followUp'
import { freshVisit, lessonLoaded } from './testing'

describe('the nagesprek store', () => {
  it('texts written at once all land in one record, made on the first write', async () => {
    const { cycleId } = await freshVisit()
    const followUp = useFollowUpStore()
    followUp.open(cycleId)
    await lessonLoaded(followUp)
    await Promise.all([
      followUp.write({ conclusions: 'Rustig begonnen' }),
      followUp.write({ agreements: 'Uitleg korter' }),
      followUp.write({ nextSteps: 'Volgende keer filmen bij de toestellen' }),
    ])
    const records = await repositories().followUps.byCycle(cycleId)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ conclusions: 'Rustig begonnen', agreements: 'Uitleg korter', nextSteps: 'Volgende keer filmen bij de toestellen' })
  })
})
