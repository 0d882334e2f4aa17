import { isLive } from './entity'
import { type KindCounts, type LessonSummary, summarizeLesson } from './kijkwijzer'
import type { GoalEvaluation, KijkwijzerTemplate, LessonGoal, Marker, Observation, Recording } from './model'
import { clipDurationSec } from './timing'

export interface ClipSummary {
  id: string
  /** 1-based, as the coach counts parts. */
  number: number
  /** Null while the clip is still running. */
  durationSec: number | null
}

export interface VisitSummary {
  lesson: LessonSummary
  /** Tapped while no clip ran: these moments have no fragment to show. */
  outsideRecording: KindCounts
  clips: ClipSummary[]
  /** The sum of the finished clips. */
  recordedSec: number
  goals: { total: number; evaluated: number; byEvaluation: Record<GoalEvaluation, number> }
}

export interface VisitRecords {
  observations: readonly Observation[]
  markers: readonly Marker[]
  recordings: readonly Recording[]
  goals: readonly LessonGoal[]
}

/** What the coach sees right after stopping: the kijkwijzer tally, the clips, the goals. */
export function summarizeVisit(template: KijkwijzerTemplate, records: VisitRecords): VisitSummary {
  const outsideRecording: KindCounts = { pearl: 0, puzzle: 0 }
  for (const m of records.markers.filter(isLive)) if (m.recordingId === null) outsideRecording[m.kind]++
  const clips = records.recordings
    .filter(isLive)
    .sort((a, b) => a.clipIndex - b.clipIndex)
    .map((r) => ({ id: r.id, number: r.clipIndex + 1, durationSec: clipDurationSec(r) }))
  const goals = records.goals.filter(isLive)
  const byEvaluation: Record<GoalEvaluation, number> = { achieved: 0, partly: 0, notAchieved: 0 }
  for (const g of goals) if (g.evaluation) byEvaluation[g.evaluation]++
  return {
    lesson: summarizeLesson(template, records.observations, records.markers),
    outsideRecording,
    clips,
    recordedSec: clips.reduce((sum, c) => sum + (c.durationSec ?? 0), 0),
    goals: { total: goals.length, evaluated: goals.filter((g) => g.evaluation !== null).length, byEvaluation },
  }
}
