import { computed, inject, provide, type InjectionKey } from 'vue'
import type { FollowUp, FragmentConversation, HelpQuestion, Locale, Marker } from '../../domain/model'
import { nextCycleAdvice } from '../../domain/cycle'
import { followUpGaps, fragmentQuestions, orderFragments } from '../../domain/follow-up'
import { suggestSolvedWith } from '../../domain/help-question'
import { defaultTemplate } from '../../domain/kijkwijzer'
import { questionBank } from '../../domain/reflective-questions'
import { followUpReport } from '../../domain/report'
import { repositories } from '../../db/app'
import { useLiveQuery } from '../useLiveQuery'
import { readCycleLesson } from './cycle-lesson'

/** The reflective questions offered for a fragment of this kind, in the coach's language. */
export function fragmentBank(marker: Marker, locale: Locale): string[] {
  return questionBank(defaultTemplate, marker.kind, locale)
}

/**
 * Everything the nagesprek of one cycle shows, live: the chosen fragments with their questions and
 * answers, the help questions and lesson goals to evaluate, what is still open, and the next cycle.
 */
export function useFollowUpView(cycleId: () => string) {
  const data = useLiveQuery(async () => {
    const id = cycleId()
    const lesson = await readCycleLesson(id)
    if (!lesson.cycle) return { ...lesson, followUp: undefined, nextCycle: undefined }
    const repos = repositories()
    const [[followUp], cycles] = await Promise.all([repos.followUps.byCycle(id), repos.cycles.byTrajectory(lesson.cycle.trajectoryId)])
    return { ...lesson, followUp, nextCycle: cycles.find((c) => c.number === lesson.cycle!.number + 1) }
  }, cycleId)

  const cycle = computed(() => data.value?.cycle)
  const followUp = computed(() => data.value?.followUp)
  const markers = computed<Marker[]>(() => data.value?.markers ?? [])
  const goals = computed(() => data.value?.goals ?? [])
  const allHelpQuestions = computed<HelpQuestion[]>(() => data.value?.allHelpQuestions ?? [])
  const helpQuestions = computed(() => data.value?.helpQuestions ?? [])

  /** A blank record to show while nothing is written yet: the rules then see an empty nagesprek. */
  const current = computed<FollowUp | undefined>(() => followUp.value ?? (cycle.value && {
    id: '', createdAt: 0, updatedAt: 0, deletedAt: null, cycleId: cycle.value.id, heldOn: null, fragments: [], conclusions: '', agreements: '', nextSteps: '',
  }))

  function conversation(markerId: string): FragmentConversation | undefined {
    return followUp.value?.fragments.find((f) => f.markerId === markerId)
  }

  return {
    loaded: computed(() => data.value !== undefined),
    cycle,
    lesson: computed(() => data.value?.lesson),
    followUp,
    coachee: computed(() => data.value?.coachee),
    trajectory: computed(() => data.value?.trajectory),
    recordings: computed(() => data.value?.recordings ?? []),
    markers,
    goals,
    helpQuestions,
    allHelpQuestions,
    nextCycle: computed(() => data.value?.nextCycle),
    template: defaultTemplate,
    fragments: computed(() => orderFragments(markers.value)),
    advice: computed(() => (cycle.value ? nextCycleAdvice(cycle.value, allHelpQuestions.value) : null)),
    gaps: computed(() => current.value
      ? followUpGaps({ followUp: current.value, markers: markers.value, helpQuestions: helpQuestions.value, goals: goals.value })
      : []),
    /** The questions of a fragment as shown: asked ones first, then the bank's. */
    questions: (marker: Marker, locale: Locale) => fragmentQuestions(conversation(marker.id), fragmentBank(marker, locale)),
    /** Open questions linked to a solved one: offered to the coach, never changed by themselves. */
    solvedAlong: (questionId: string) => suggestSolvedWith(allHelpQuestions.value, questionId),
    report(locale: Locale) {
      const d = data.value
      if (!d?.cycle || !d.lesson) return null
      return followUpReport({
        coachee: d.coachee, trajectory: d.trajectory, cycle: d.cycle, lesson: d.lesson, followUp: d.followUp,
        helpQuestions: d.allHelpQuestions, goals: d.goals, markers: d.markers, recordings: d.recordings,
        observations: d.observations, template: defaultTemplate,
      }, locale)
    },
  }
}

export type FollowUpView = ReturnType<typeof useFollowUpView>

const viewKey: InjectionKey<FollowUpView> = Symbol('followUpView')

/** The nagesprek page reads its view once and hands it to its parts. */
export function provideFollowUpView(view: FollowUpView): void {
  provide(viewKey, view)
}

export function injectFollowUpView(): FollowUpView {
  const view = inject(viewKey)
  if (!view) throw new Error('a nagesprek part outside the nagesprek page')
  return view
}
