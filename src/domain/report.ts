import { isLive } from './entity'
import { answeredQuestions, orderFragments } from './follow-up'
import { sortHelpQuestions } from './help-question'
import { cellLabels, summarizeLesson, type CellLabels, type KindCounts } from './kijkwijzer'
import { sortLessonGoals } from './lesson'
import type {
  Coachee,
  Cycle,
  FollowUp,
  GoalEvaluation,
  HelpQuestion,
  HelpQuestionPriority,
  HelpQuestionStatus,
  KijkwijzerTemplate,
  Lesson,
  LessonGoal,
  Locale,
  Marker,
  MarkerKind,
  Observation,
  QuestionAnswer,
  Recording,
  Trajectory,
  ViewDirection,
} from './model'

export interface ReportHelpQuestion {
  id: string
  text: string
  priority: HelpQuestionPriority
  status: HelpQuestionStatus
  evaluation: string
  /** The text of the question whose solving solved this one too. */
  solvedWith: string | null
}

export interface ReportCell {
  labels: CellLabels
  counts: KindCounts
  rating: number | null
  notes: string
}

export interface ReportGoal {
  text: string
  evaluation: GoalEvaluation | null
  note: string
}

/** One chosen moment, as the nagesprek went through it. */
export interface ReportMoment {
  markerId: string
  /** 1-based place in the nagesprek. */
  number: number
  kind: MarkerKind
  recordingId: string | null
  /** 1-based, as the coach counts parts; null outside a recording. */
  clipNumber: number | null
  offsetSec: number | null
  tappedAt: number
  view: ViewDirection | null
  cell: CellLabels | null
  helpQuestion: string | null
  note: string
  /** Only the questions that got an answer. */
  answers: QuestionAnswer[]
}

/** Everything the nagesprek report shows, in its order; the words around it come from i18n. */
export interface FollowUpReport {
  coachee: string
  trajectory: string
  cycleNumber: number
  heldOn: string | null
  lesson: Pick<Lesson, 'date' | 'place' | 'group' | 'consentConfirmedAt' | 'consentNote' | 'hiddenSectors'>
  helpQuestions: ReportHelpQuestion[]
  /** Cells with something to tell (markers, a rating or notes), in the template's order. */
  kijkwijzer: { cells: ReportCell[]; totals: KindCounts; unplaced: KindCounts }
  goals: ReportGoal[]
  moments: ReportMoment[]
  conclusions: string
  agreements: string
  nextSteps: string
}

export interface ReportRecords {
  coachee: Pick<Coachee, 'name'> | undefined
  trajectory: Pick<Trajectory, 'title'> | undefined
  cycle: Cycle
  lesson: Lesson
  followUp: FollowUp | undefined
  /** The trajectory's questions; those worked on in this cycle are reported. */
  helpQuestions: readonly HelpQuestion[]
  goals: readonly LessonGoal[]
  markers: readonly Marker[]
  recordings: readonly Recording[]
  observations: readonly Observation[]
  template: KijkwijzerTemplate
}

export function followUpReport(records: ReportRecords, locale: Locale): FollowUpReport {
  const { cycle, followUp, template } = records
  const all = sortHelpQuestions(records.helpQuestions)
  const textOf = (id: string | null) => all.find((q) => q.id === id)?.text ?? null
  const clips = new Map(records.recordings.filter(isLive).map((r) => [r.id, r.clipIndex + 1]))
  const summary = summarizeLesson(template, records.observations, records.markers)
  const cells = summary.cells.flatMap((c) => {
    const labels = cellLabels(template, c, locale)
    const worthTelling = c.markerIds.length > 0 || c.rating !== null || c.notes.trim() !== ''
    return labels && worthTelling ? [{ labels, counts: c.counts, rating: c.rating, notes: c.notes }] : []
  })
  return {
    coachee: records.coachee?.name ?? '',
    trajectory: records.trajectory?.title ?? '',
    cycleNumber: cycle.number,
    heldOn: followUp?.heldOn ?? null,
    lesson: {
      date: records.lesson.date, place: records.lesson.place, group: records.lesson.group,
      consentConfirmedAt: records.lesson.consentConfirmedAt ?? null, consentNote: records.lesson.consentNote ?? '',
      hiddenSectors: records.lesson.hiddenSectors ?? [],
    },
    helpQuestions: all
      .filter((q) => q.cycleIds.includes(cycle.id))
      .map((q) => ({ id: q.id, text: q.text, priority: q.priority, status: q.status, evaluation: q.evaluation, solvedWith: textOf(q.solvedWithId) })),
    kijkwijzer: { cells, totals: summary.totals, unplaced: summary.unplaced },
    goals: sortLessonGoals(records.goals).map((g) => ({ text: g.text, evaluation: g.evaluation, note: g.evaluationNote })),
    moments: orderFragments(records.markers).map((m, i) => ({
      markerId: m.id,
      number: i + 1,
      kind: m.kind,
      recordingId: m.recordingId,
      clipNumber: m.recordingId ? (clips.get(m.recordingId) ?? null) : null,
      offsetSec: m.offsetSec,
      tappedAt: m.tappedAt,
      view: m.view,
      cell: m.cell && cellLabels(template, m.cell, locale),
      helpQuestion: textOf(m.helpQuestionId),
      note: m.note,
      answers: answeredQuestions(followUp?.fragments.find((f) => f.markerId === m.id)),
    })),
    conclusions: followUp?.conclusions ?? '',
    agreements: followUp?.agreements ?? '',
    nextSteps: followUp?.nextSteps ?? '',
  }
}
