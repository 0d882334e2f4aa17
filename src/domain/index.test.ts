import { describe, expect, it } from 'vitest'
import * as domain from './index'

describe('domain index', () => {
  it('exposes the rules of every module', () => {
    for (const name of [
      'validateName', 'sortHelpQuestions', 'currentStep', 'startNextCycle', 'resolveTap', 'mergeWindows',
      'suggestSelection', 'summarizeLesson', 'questionBank', 'followUpGaps', 'localize', 'isLive',
    ]) {
      expect(typeof (domain as Record<string, unknown>)[name], name).toBe('function')
    }
    expect(domain.CYCLE_STEPS).toEqual(['intake', 'visit', 'followUp'])
  })
})
