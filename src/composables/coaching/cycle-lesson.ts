import { isLive } from '../../domain/entity'
import { sortHelpQuestions } from '../../domain/help-question'
import { sortLessonGoals } from '../../domain/lesson'
import type { Coachee, Cycle, HelpQuestion, Lesson, LessonGoal, Marker, Observation, Recording, Trajectory } from '../../domain/model'
import { repositories } from '../../db/app'

/** What the screens from the class visit on (visit, import, review, nagesprek) show of one cycle. */
export interface CycleLesson {
  /** Absent when there is no such cycle (or it was deleted). */
  cycle?: Cycle
  trajectory?: Trajectory
  coachee?: Coachee
  lesson?: Lesson
  recordings: Recording[]
  markers: Marker[]
  observations: Observation[]
  goals: LessonGoal[]
  /** The trajectory's help questions in order, and those this cycle works on. */
  allHelpQuestions: HelpQuestion[]
  helpQuestions: HelpQuestion[]
}

/** One cycle's class visit and its surroundings, read together: made for a live query. */
export async function readCycleLesson(cycleId: string): Promise<CycleLesson> {
  const empty = { recordings: [], markers: [], observations: [], goals: [], allHelpQuestions: [], helpQuestions: [] }
  const repos = repositories()
  const cycle = await repos.cycles.get(cycleId)
  if (!cycle || !isLive(cycle)) return empty
  const [[lesson], trajectory, questions] = await Promise.all([
    repos.lessons.byCycle(cycle.id),
    repos.trajectories.get(cycle.trajectoryId),
    repos.helpQuestions.byTrajectory(cycle.trajectoryId),
  ])
  const coachee = trajectory ? await repos.coachees.get(trajectory.coacheeId) : undefined
  const allHelpQuestions = sortHelpQuestions(questions)
  const around = { ...empty, cycle, trajectory, coachee, allHelpQuestions, helpQuestions: allHelpQuestions.filter((q) => q.cycleIds.includes(cycle.id)) }
  if (!lesson) return around
  const [recordings, markers, observations, goals] = await Promise.all([
    repos.recordings.byLesson(lesson.id),
    repos.markers.byLesson(lesson.id),
    repos.observations.byLesson(lesson.id),
    repos.lessonGoals.byLesson(lesson.id),
  ])
  return { ...around, lesson, recordings, markers, observations, goals: sortLessonGoals(goals) }
}
