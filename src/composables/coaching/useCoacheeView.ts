import { computed } from 'vue'
import { useLiveQuery } from '../useLiveQuery'
import { repositories } from '../../db/app'

/** A coachee and their trajectories, live. `loaded` tells "not found" from "not read yet". */
export function useCoacheeView(coacheeId: () => string) {
  const data = useLiveQuery(async () => {
    const repos = repositories()
    const [coachee, trajectories] = await Promise.all([
      repos.coachees.get(coacheeId()),
      repos.trajectories.byCoachee(coacheeId()),
    ])
    return { coachee: coachee?.deletedAt ? undefined : coachee, trajectories }
  }, coacheeId)

  return {
    loaded: computed(() => data.value !== undefined),
    coachee: computed(() => data.value?.coachee),
    trajectories: computed(() => data.value?.trajectories ?? []),
  }
}
