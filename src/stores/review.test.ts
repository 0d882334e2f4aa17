import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { repositories } from '../db/app'
import { newMarker } from '../db/testing'
import { useReviewStore } from './review'
import { freshVisit, lessonLoaded } from './testing'

describe('the review store', () => {
  it('two fragments chosen in quick succession take places 1 and 2, and moving one swaps them', async () => {
    const { cycleId, lessonId } = await freshVisit()
    const [a, b] = [await repositories().markers.create(newMarker(lessonId, 1000)), await repositories().markers.create(newMarker(lessonId, 2000))]
    const review = useReviewStore()
    review.open(cycleId)
    await lessonLoaded(review)
    await Promise.all([review.choose(a.id, true), review.choose(b.id, true)])
    const order = async () => Object.fromEntries((await repositories().markers.byLesson(lessonId)).map((m) => [m.id, m.chosenOrder]))
    expect(await order()).toEqual({ [a.id]: 0, [b.id]: 1 })
    await review.move(b.id, -1)
    expect(await order()).toEqual({ [a.id]: 1, [b.id]: 0 })
  })

  it('a removed marker leaves the selection (the others close up) and comes back on restore', async () => {
    const { cycleId, lessonId } = await freshVisit()
    const [a, b] = [await repositories().markers.create(newMarker(lessonId, 1000)), await repositories().markers.create(newMarker(lessonId, 2000))]
    const review = useReviewStore()
    review.open(cycleId)
    await lessonLoaded(review)
    await review.choose(a.id, true)
    await review.choose(b.id, true)
    await review.remove(a.id)
    expect((await repositories().markers.get(b.id))?.chosenOrder).toBe(0)
    await review.restore(a.id)
    expect((await repositories().markers.get(a.id))?.chosen).toBe(false)
  })
})
