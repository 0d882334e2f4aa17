/** Helpers for the stores' contract tests: the app's own database (fake-indexeddb) and a fresh Pinia. */
import { createPinia, setActivePinia } from 'pinia'
import { vi } from 'vitest'
import { repositories } from '../db/app'
import { newCoachee, newCycle, newLesson } from '../db/testing'

/** A fresh Pinia, and a cycle with its class visit stored through the app's repositories. */
export async function freshVisit(): Promise<{ cycleId: string; lessonId: string }> {
  setActivePinia(createPinia())
  const repos = repositories()
  const coachee = await repos.coachees.create(newCoachee())
  const trajectory = await repos.trajectories.create({ coacheeId: coachee.id, title: 'Startbekwaam', startedOn: '2026-09-01', closedAt: null, notes: '' })
  const { cycle, lesson } = await repos.createCycleWithLesson(newCycle(trajectory.id), newLesson(''))
  return { cycleId: cycle.id, lessonId: lesson.id }
}

/** Waits until a store's live query has delivered the class visit. */
export async function lessonLoaded(store: { lesson?: unknown }): Promise<void> {
  await vi.waitFor(() => { if (!store.lesson) throw new Error('not loaded yet') })
}
