import { computed } from 'vue'
import { useLiveQuery } from '../useLiveQuery'
import { repositories } from '../../db/app'
import { sortHelpQuestions } from '../../domain/help-question'
import { nextCycleAdvice } from '../../domain/cycle'

/** A trajectory with its coachee, cycles (in order) and help questions, live. */
export function useTrajectoryView(trajectoryId: () => string) {
  const data = useLiveQuery(async () => {
    const repos = repositories()
    const trajectory = await repos.trajectories.get(trajectoryId())
    if (!trajectory || trajectory.deletedAt) return { trajectory: undefined, coachee: undefined, cycles: [], helpQuestions: [] }
    const [coachee, cycles, helpQuestions] = await Promise.all([
      repos.coachees.get(trajectory.coacheeId),
      repos.cycles.byTrajectory(trajectory.id),
      repos.helpQuestions.byTrajectory(trajectory.id),
    ])
    return { trajectory, coachee, cycles, helpQuestions: sortHelpQuestions(helpQuestions) }
  }, trajectoryId)

  const cycles = computed(() => data.value?.cycles ?? [])
  const helpQuestions = computed(() => data.value?.helpQuestions ?? [])
  return {
    loaded: computed(() => data.value !== undefined),
    trajectory: computed(() => data.value?.trajectory),
    coachee: computed(() => data.value?.coachee),
    cycles,
    helpQuestions,
    nextCycleAdvised: computed(() => {
      const last = cycles.value[cycles.value.length - 1]
      return last !== undefined && last.steps.followUp !== 'open' && nextCycleAdvice(last, helpQuestions.value).advised
    }),
  }
}
