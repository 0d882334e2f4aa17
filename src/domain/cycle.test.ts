import { describe, expect, it } from 'vitest'
import {
  completeStep,
  currentStep,
  isCycleComplete,
  nextCycleAdvice,
  reopenStep,
  skipStep,
  startNextCycle,
  stepStates,
} from './cycle'
import type { Cycle, HelpQuestion, StepStatus } from './model'

function cycle(number = 1, steps: Partial<Cycle['steps']> = {}, id = `c${number}`): Cycle {
  return {
    id,
    createdAt: 0,
    updatedAt: 0,
    deletedAt: null,
    trajectoryId: 't1',
    number,
    steps: { intake: 'open', visit: 'open', followUp: 'open', ...steps },
    intakeDate: null,
    intakeNotes: '',
  }
}

function hq(id: string, over: Partial<HelpQuestion> = {}): HelpQuestion {
  return {
    id,
    createdAt: 0,
    updatedAt: 0,
    deletedAt: null,
    trajectoryId: 't1',
    text: id,
    priority: 'secondary',
    status: 'open',
    order: 0,
    cycleIds: ['c1'],
    solvedWithId: null,
    evaluation: '',
    ...over,
  }
}

const steps = (c: Cycle) => Object.values(c.steps) as StepStatus[]

describe('currentStep', () => {
  it('is the first open step', () => {
    expect(currentStep(cycle())).toBe('intake')
    expect(currentStep(cycle(2, { intake: 'skipped' }))).toBe('visit')
    expect(currentStep(cycle(1, { intake: 'done', visit: 'done' }))).toBe('followUp')
  })

  it('is null when every step is settled', () => {
    const done = cycle(2, { intake: 'skipped', visit: 'done', followUp: 'done' })
    expect(currentStep(done)).toBeNull()
    expect(isCycleComplete(done)).toBe(true)
    expect(isCycleComplete(cycle())).toBe(false)
  })
})

describe('completeStep', () => {
  it('completes the steps in order and marks the record updated', () => {
    const a = completeStep(cycle(), 'intake', 10)
    expect(a.ok && a.value.steps.intake).toBe('done')
    expect(a.ok && a.value.updatedAt).toBe(10)
    const b = a.ok ? completeStep(a.value, 'visit', 11) : a
    expect(b.ok && steps(b.value)).toEqual(['done', 'done', 'open'])
  })

  it('refuses a step before the previous one is done or skipped', () => {
    expect(completeStep(cycle(), 'visit', 1)).toEqual({ ok: false, error: 'previousStepOpen' })
    expect(completeStep(cycle(1, { intake: 'done' }), 'followUp', 1)).toEqual({ ok: false, error: 'previousStepOpen' })
  })

  it('lets a skipped step count as settled for the next', () => {
    expect(completeStep(cycle(2, { intake: 'skipped' }), 'visit', 1).ok).toBe(true)
  })

  it('lets a skipped intake be done after all', () => {
    const r = completeStep(cycle(2, { intake: 'skipped' }), 'intake', 1)
    expect(r.ok && r.value.steps.intake).toBe('done')
  })

  it('is idempotent for a done step', () => {
    const c = cycle(1, { intake: 'done' })
    expect(completeStep(c, 'intake', 5)).toEqual({ ok: true, value: c })
  })
})

describe('skipStep', () => {
  const carried = [hq('q', { cycleIds: ['c1', 'c2'] })]

  it('lets a follow-on intake be skipped when questions carry over', () => {
    const r = skipStep(cycle(2), 'intake', carried, 3)
    expect(r.ok && r.value.steps.intake).toBe('skipped')
  })

  it('never skips the visit or the nagesprek', () => {
    expect(skipStep(cycle(2, { intake: 'done' }), 'visit', carried, 3)).toEqual({ ok: false, error: 'notSkippable' })
    expect(skipStep(cycle(2, { intake: 'done', visit: 'done' }), 'followUp', carried, 3)).toEqual({ ok: false, error: 'notSkippable' })
  })

  it('never skips the first intake', () => {
    expect(skipStep(cycle(1), 'intake', carried, 3)).toEqual({ ok: false, error: 'firstCycleIntake' })
  })

  it('needs an open, live question of this trajectory assigned to the cycle', () => {
    const none = [
      hq('solved', { cycleIds: ['c2'], status: 'solved' }),
      hq('deleted', { cycleIds: ['c2'], deletedAt: 1 }),
      hq('other', { cycleIds: ['c2'], trajectoryId: 't2' }),
      hq('earlier', { cycleIds: ['c1'] }),
    ]
    expect(skipStep(cycle(2), 'intake', none, 3)).toEqual({ ok: false, error: 'nothingCarriedOver' })
    expect(skipStep(cycle(2), 'intake', [], 3)).toEqual({ ok: false, error: 'nothingCarriedOver' })
  })

  it('does not skip an intake that is done', () => {
    expect(skipStep(cycle(2, { intake: 'done' }), 'intake', carried, 3)).toEqual({ ok: false, error: 'alreadyDone' })
  })
})

describe('reopenStep', () => {
  it('reopens the last settled step', () => {
    const r = reopenStep(cycle(1, { intake: 'done', visit: 'done' }), 'visit', 4)
    expect(r.ok && steps(r.value)).toEqual(['done', 'open', 'open'])
  })

  it('refuses when a later step is settled', () => {
    expect(reopenStep(cycle(1, { intake: 'done', visit: 'done' }), 'intake', 4)).toEqual({ ok: false, error: 'laterStepDone' })
  })
})

describe('stepStates', () => {
  it('describes each step for the overview', () => {
    const states = stepStates(cycle(2), [hq('q', { cycleIds: ['c2'] })])
    expect(states).toEqual([
      { step: 'intake', status: 'open', current: true, canComplete: true, canSkip: true },
      { step: 'visit', status: 'open', current: false, canComplete: false, canSkip: false },
      { step: 'followUp', status: 'open', current: false, canComplete: false, canSkip: false },
    ])
  })

  it('shows nothing to do on a complete cycle', () => {
    const states = stepStates(cycle(1, { intake: 'done', visit: 'done', followUp: 'done' }), [])
    expect(states.every((s) => !s.current && !s.canComplete && !s.canSkip)).toBe(true)
  })
})

describe('nextCycleAdvice', () => {
  const c1 = cycle(1, { intake: 'done', visit: 'done', followUp: 'done' })

  it('is not advised when every question is solved or dropped', () => {
    const qs = [hq('a', { status: 'solved' }), hq('b', { status: 'dropped' })]
    expect(nextCycleAdvice(c1, qs)).toEqual({ advised: false, reasons: [], openQuestionIds: [] })
    expect(nextCycleAdvice(c1, []).advised).toBe(false)
  })

  it('is advised while a question worked on stays open', () => {
    expect(nextCycleAdvice(c1, [hq('a')])).toEqual({ advised: true, reasons: ['openQuestion'], openQuestionIds: ['a'] })
  })

  it('is advised when the intake named questions this cycle did not get to', () => {
    const qs = [hq('a', { status: 'solved' }), hq('later', { cycleIds: [] })]
    expect(nextCycleAdvice(c1, qs).reasons).toEqual(['questionsWaiting'])
  })

  it('gives both reasons and lists primary first; ignores other trajectories and tombstones', () => {
    const qs = [
      hq('s', { order: 0 }),
      hq('p', { priority: 'primary', order: 5, cycleIds: [] }),
      hq('x', { trajectoryId: 't2' }),
      hq('gone', { deletedAt: 3 }),
    ]
    expect(nextCycleAdvice(c1, qs)).toEqual({ advised: true, reasons: ['openQuestion', 'questionsWaiting'], openQuestionIds: ['p', 's'] })
  })
})

describe('startNextCycle', () => {
  it('numbers the next cycle and carries the open questions over, primary first', () => {
    const qs = [hq('s', { order: 1 }), hq('p', { priority: 'primary', order: 2 }), hq('done', { status: 'solved' })]
    expect(startNextCycle(cycle(3, {}, 'c1'), qs)).toEqual({
      trajectoryId: 't1',
      number: 4,
      steps: { intake: 'open', visit: 'open', followUp: 'open' },
      intakeDate: null,
      intakeNotes: '',
      carriedOverIds: ['p', 's'],
    })
  })

  it('carries nothing when all is solved', () => {
    expect(startNextCycle(cycle(1), [hq('a', { status: 'solved' })]).carriedOverIds).toEqual([])
  })
})
