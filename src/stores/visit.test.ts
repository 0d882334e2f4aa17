import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { repositories } from '../db/app'
import { useVisitStore } from './visit'
import { freshVisit, lessonLoaded } from './testing'

describe('the visit store', () => {
  it('a rating and a note sent at once for a new kijkwijzer cell: one observation with both', async () => {
    const { cycleId, lessonId } = await freshVisit()
    const visit = useVisitStore()
    visit.open(cycleId)
    await lessonLoaded(visit)
    const cell = { rowId: 'r1', columnId: 'c1' }
    await Promise.all([visit.observe(cell, { rating: 2 }), visit.observe(cell, { notes: 'Stelt open vragen' })])
    const observations = await repositories().observations.byLesson(lessonId)
    expect(observations).toHaveLength(1)
    expect(observations[0]).toMatchObject({ rating: 2, notes: 'Stelt open vragen' })
  })

  it('stopping without a recording does nothing and reports nothing', async () => {
    const { cycleId } = await freshVisit()
    const visit = useVisitStore()
    visit.open(cycleId)
    await lessonLoaded(visit)
    await visit.stopRecording()
    expect(visit.phase).toBe('idle')
    expect(visit.problem).toBeNull()
  })
})
