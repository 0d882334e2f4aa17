import type { FollowUpReport, ReportMoment } from '../domain/report'
import { formatDuration } from '../i18n/format'
import { isoDate } from '../domain/calendar'

/** A still for a moment: a JPEG data URL, or null with the reason shown in its place. */
export type Still = { jpeg: string } | { jpeg: null; reason: string }

export interface DocItem {
  title?: string
  lines: string[]
  still?: Still
}

export interface DocSection {
  heading: string
  items: DocItem[]
}

/** A report as plain text blocks: what the PDF lays out, free of coaching and of jsPDF. */
export interface ReportDocument {
  title: string
  facts: [label: string, value: string][]
  sections: DocSection[]
  footer: string
}

/** The app's translator and date format, passed in so this stays free of Vue. */
export interface ReportWords {
  t: (key: string, named?: Record<string, unknown>) => string
  date: (iso: string) => string
  /** The moment of making the report, already formatted. */
  madeAt: string
}

const round = (n: number) => Math.round(n)

function momentItem(m: ReportMoment, still: Still | undefined, { t }: ReportWords): DocItem {
  const kind = t(`visit.${m.kind}`)
  const title = m.clipNumber !== null && m.offsetSec !== null
    ? t('report.moment', { number: m.number, kind, clip: m.clipNumber, time: formatDuration(m.offsetSec) })
    : t('report.momentOutside', { number: m.number, kind })
  const lines = [
    ...(m.view ? [t('report.view', { yaw: round(m.view.yaw), pitch: round(m.view.pitch), fov: round(m.view.fov) })] : []),
    ...(m.cell ? [t('report.cell', { cell: `${m.cell.row} – ${m.cell.column}` })] : []),
    ...(m.helpQuestion ? [t('report.helpQuestion', { text: m.helpQuestion })] : []),
    ...(m.note.trim() ? [t('report.note', { text: m.note })] : []),
    ...(m.answers.length
      ? m.answers.flatMap((qa) => [t('report.question', { text: qa.question }), t('report.answer', { text: qa.answer })])
      : [t('report.noAnswers')]),
  ]
  return { title, lines, still: still ?? { jpeg: null, reason: t('report.noVideo') } }
}

/** Consent for filming, as the coach confirmed it on the day of the visit. */
function consentFact(confirmedAt: number | null, { t, date }: ReportWords): string {
  return confirmedAt === null ? t('consent.missing') : t('consent.given', { time: date(isoDate(new Date(confirmedAt))) })
}

const text = (value: string, words: ReportWords): DocItem[] => [{ lines: [value.trim() || words.t('report.nothing')] }]

/** The report in the coach's language, section by section, stills in their place. */
export function reportDocument(report: FollowUpReport, stills: ReadonlyMap<string, Still>, words: ReportWords): ReportDocument {
  const { t, date } = words
  const none = t('common.none')
  const { cells, totals } = report.kijkwijzer
  return {
    title: t('report.title'),
    facts: [
      [t('report.facts.coachee'), report.coachee || none],
      [t('report.facts.trajectory'), report.trajectory || none],
      [t('report.facts.cycle'), String(report.cycleNumber)],
      [t('report.facts.heldOn'), report.heldOn ? date(report.heldOn) : none],
      [t('report.facts.lessonDate'), report.lesson.date ? date(report.lesson.date) : none],
      [t('report.facts.place'), t(`intake.places.${report.lesson.place}`)],
      [t('report.facts.group'), report.lesson.group || none],
      [t('report.facts.consent'), consentFact(report.lesson.consentConfirmedAt ?? null, words)],
      ...(report.lesson.consentNote?.trim() ? [[t('report.facts.notShown'), report.lesson.consentNote] as [string, string]] : []),
    ],
    sections: [
      {
        heading: t('report.sections.helpQuestions'),
        items: report.helpQuestions.length
          ? report.helpQuestions.map((q) => ({
              title: `${q.text} (${t(`helpQuestion.${q.priority}`)})`,
              lines: [
                t('report.status', { status: t(`helpQuestion.status.${q.status}`) }),
                ...(q.solvedWith ? [t('report.solvedWith', { text: q.solvedWith })] : []),
                t('report.evaluation', { text: q.evaluation.trim() || none }),
              ],
            }))
          : text('', words),
      },
      {
        heading: t('report.sections.kijkwijzer'),
        items: [
          { lines: [t('report.totals', { pearls: totals.pearl, puzzles: totals.puzzle })] },
          ...cells.map((c) => ({
            title: `${c.labels.row} – ${c.labels.column}`,
            lines: [
              t('report.cellCounts', { pearls: c.counts.pearl, puzzles: c.counts.puzzle }),
              ...(c.rating !== null ? [t('report.rating', { rating: t(`visit.ratings.${c.rating}`) })] : []),
              ...(c.notes.trim() ? [c.notes] : []),
            ],
          })),
        ],
      },
      {
        heading: t('report.sections.goals'),
        items: report.goals.length
          ? report.goals.map((g, i) => ({
              title: `${i + 1}. ${g.text}`,
              lines: [g.evaluation ? t(`visit.goalEvaluation.${g.evaluation}`) : t('visit.notEvaluated'), ...(g.note.trim() ? [g.note] : [])],
            }))
          : text('', words),
      },
      {
        heading: t('report.sections.moments'),
        items: report.moments.length ? report.moments.map((m) => momentItem(m, stills.get(m.markerId), words)) : text('', words),
      },
      { heading: t('report.sections.conclusions'), items: text(report.conclusions, words) },
      { heading: t('report.sections.agreements'), items: text(report.agreements, words) },
      { heading: t('report.sections.nextSteps'), items: text(report.nextSteps, words) },
    ],
    footer: t('report.footer', { date: words.madeAt }),
  }
}
