import { ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Coachee, Cycle, HelpQuestion, KijkwijzerTemplate, Lesson, Locale, Marker, Recording } from '../../domain/model'
import type { FollowUpReport } from '../../domain/report'
import { dateOf } from '../../domain/calendar'
import { locateMoment } from '../../domain/video'
import { readFile } from '../../media/opfs'
import type { Still } from '../../report/document'
import { MARKER_COLUMNS, markersCsv, type MarkerCsvLabels } from '../../report/markers-csv'
import { repositories } from '../../db/app'
import { fileName, saveFile } from '../saveFile'

/** The picture at each chosen moment, from the video on this tablet; a reason where there is none. */
async function renderStills(report: FollowUpReport, reasons: { noVideo: string; outside: string; failed: string }): Promise<Map<string, Still>> {
  const ids = [...new Set(report.moments.flatMap((m) => (m.recordingId ? [m.recordingId] : [])))]
  const files = ids.length ? await repositories().videoFiles.byRecordings(ids) : []
  const { renderStill } = await import('../../viewer/still')
  const stills = new Map<string, Still>()
  // One at a time: each still holds a video decoder and a WebGL context while it renders.
  for (const m of report.moments) {
    if (!m.recordingId || m.offsetSec === null) {
      stills.set(m.markerId, { jpeg: null, reason: reasons.outside })
      continue
    }
    const moment = locateMoment(files, m.recordingId, m.offsetSec)
    if (!moment) {
      stills.set(m.markerId, { jpeg: null, reason: reasons.noVideo })
      continue
    }
    const url = URL.createObjectURL(await readFile(moment.file.name))
    try {
      const jpeg = await renderStill(url, moment.timeSec, m.view ?? { yaw: 0, pitch: 0, fov: 75 }, { hiddenSectors: report.lesson.hiddenSectors })
      stills.set(m.markerId, { jpeg })
    } catch (error) {
      console.warn('still failed', error)
      stills.set(m.markerId, { jpeg: null, reason: reasons.failed })
    } finally {
      URL.revokeObjectURL(url)
    }
  }
  return stills
}

/** The nagesprek a report is made of (useFollowUpView). */
export interface ReportSource {
  coachee: Ref<Coachee | undefined>
  cycle: Ref<Cycle | undefined>
  lesson: Ref<Lesson | undefined>
  markers: Ref<Marker[]>
  recordings: Ref<Recording[]>
  allHelpQuestions: Ref<HelpQuestion[]>
  template: KijkwijzerTemplate
  report(locale: Locale): FollowUpReport | null
}

/** The nagesprek report (PDF) and the lesson's markers (CSV), made on the tablet and saved as files. */
export function useReportExport(followUp: ReportSource) {
  const { t, d, locale } = useI18n()
  const busy = ref<'pdf' | 'csv' | null>(null)
  const failed = ref(false)

  const baseName = (kind: 'pdfName' | 'csvName') => t(`report.${kind}`, {
    name: followUp.coachee.value?.name ?? '', number: followUp.cycle.value?.number ?? '', date: followUp.lesson.value?.date ?? '',
  })

  async function run(kind: 'pdf' | 'csv', make: () => Promise<void>): Promise<void> {
    if (busy.value) return
    busy.value = kind
    failed.value = false
    try {
      await make()
    } catch (error) {
      console.error(`${kind} export failed`, error)
      failed.value = true
    } finally {
      busy.value = null
    }
  }

  const pdf = () => run('pdf', async () => {
    const lang = locale.value as Locale
    const report = followUp.report(lang)
    if (!report) return
    const stills = await renderStills(report, { noVideo: t('report.noVideo'), outside: t('report.outsideRecording'), failed: t('report.stillFailed') })
    // jsPDF loads only when a report is made: the start screen and the nagesprek never carry it.
    const [{ reportDocument }, { reportPdf }] = await Promise.all([import('../../report/document'), import('../../report/pdf')])
    const doc = reportDocument(report, stills, {
      t: (key, named) => (named ? t(key, named) : t(key)),
      date: (iso) => { const day = dateOf(iso); return day ? d(day, 'short') : iso },
      madeAt: d(new Date(), 'short'),
    })
    saveFile(reportPdf(doc), fileName(baseName('pdfName'), 'pdf'))
  })

  const csv = () => run('csv', async () => {
    const labels: MarkerCsvLabels = {
      columns: Object.fromEntries(MARKER_COLUMNS.map((c) => [c, t(`report.columns.${c}`)])) as MarkerCsvLabels['columns'],
      kind: { pearl: t('visit.pearl'), puzzle: t('visit.puzzle') },
      yes: t('report.yes'),
      no: t('report.no'),
    }
    const text = markersCsv({
      markers: followUp.markers.value, recordings: followUp.recordings.value, helpQuestions: followUp.allHelpQuestions.value, template: followUp.template,
    }, labels, locale.value as Locale)
    saveFile(new Blob([text], { type: 'text/csv;charset=utf-8' }), fileName(baseName('csvName'), 'csv'))
  })

  return { busy, failed, pdf, csv }
}
