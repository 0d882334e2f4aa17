import { describe, expect, expectTypeOf, it } from 'vitest'
import * as v from 'valibot'
import type {
  Coachee, Cycle, FollowUp, HelpQuestion, Lesson, LessonGoal, Marker, Observation, Recording, Trajectory,
} from '../domain/model'
import { recordSchemas } from './schemas'
import { newCoachee, newMarker } from './testing'

type Out<K extends keyof typeof recordSchemas> = v.InferOutput<(typeof recordSchemas)[K]>

describe('recordSchemas', () => {
  it('describe exactly the model types', () => {
    expectTypeOf<Out<'coachees'>>().toEqualTypeOf<Coachee>()
    expectTypeOf<Out<'trajectories'>>().toEqualTypeOf<Trajectory>()
    expectTypeOf<Out<'cycles'>>().toEqualTypeOf<Cycle>()
    expectTypeOf<Out<'helpQuestions'>>().toEqualTypeOf<HelpQuestion>()
    expectTypeOf<Out<'lessons'>>().toEqualTypeOf<Lesson>()
    expectTypeOf<Out<'lessonGoals'>>().toEqualTypeOf<LessonGoal>()
    expectTypeOf<Out<'recordings'>>().toEqualTypeOf<Recording>()
    expectTypeOf<Out<'markers'>>().toEqualTypeOf<Marker>()
    expectTypeOf<Out<'observations'>>().toEqualTypeOf<Observation>()
    expectTypeOf<Out<'followUps'>>().toEqualTypeOf<FollowUp>()
  })

  const entity = { id: 'x', createdAt: 1, updatedAt: 2, deletedAt: null }

  it('accept a stored record as it is', () => {
    const marker: Marker = { ...entity, ...newMarker('l1', 5), origin: 'review' }
    expect(v.parse(recordSchemas.markers, marker)).toEqual(marker)
    const coachee: Coachee = { ...entity, ...newCoachee({ name: '<b>👩🏽‍🏫</b>' }) }
    expect(v.parse(recordSchemas.coachees, coachee)).toEqual(coachee)
  })

  it('point at the field that is wrong', () => {
    const result = v.safeParse(recordSchemas.markers, { ...entity, ...newMarker('l1', 5), view: { yaw: 'left', pitch: 0, fov: 75 } })
    expect(result.success).toBe(false)
    expect(result.issues && v.getDotPath(result.issues[0])).toBe('view.yaw')
    expect(v.is(recordSchemas.coachees, { ...entity, ...newCoachee(), id: '' })).toBe(false)
  })
})
