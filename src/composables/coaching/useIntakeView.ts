import { computed } from 'vue'
import { useLiveQuery } from '../useLiveQuery'
import { repositories } from '../../db/app'
import { sortHelpQuestions } from '../../domain/help-question'

/** Everything the intake of one cycle shows, live: its help questions, lesson and lesson goals. */
export function useIntakeView(cycleId: () => string) {
  const data = useLiveQuery(async () => {
    const repos = repositories()
    const cycle = await repos.cycles.get(cycleId())
    if (!cycle || cycle.deletedAt) return { cycle: undefined }
    const [trajectory, questions, lessons] = await Promise.all([
      repos.trajectories.get(cycle.trajectoryId),
      repos.helpQuestions.byTrajectory(cycle.trajectoryId),
      repos.lessons.byCycle(cycle.id),
    ])
    const lesson = lessons[0]
    const [coachee, goals] = await Promise.all([
      trajectory ? repos.coachees.get(trajectory.coacheeId) : undefined,
      lesson ? repos.lessonGoals.byLesson(lesson.id) : [],
    ])
    return {
      cycle, trajectory, coachee, lesson, goals,
      helpQuestions: sortHelpQuestions(questions.filter((q) => q.cycleIds.includes(cycle.id))),
    }
  }, cycleId)

  return {
    loaded: computed(() => data.value !== undefined),
    cycle: computed(() => data.value?.cycle),
    trajectory: computed(() => data.value?.trajectory),
    coachee: computed(() => data.value?.coachee),
    lesson: computed(() => data.value?.lesson),
    goals: computed(() => data.value?.goals ?? []),
    helpQuestions: computed(() => data.value?.helpQuestions ?? []),
  }
}
