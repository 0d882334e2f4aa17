import { defineStore, acceptHMRUpdate } from 'pinia'
import { computed, ref } from 'vue'
import type { HelpQuestion, KijkwijzerCellRef, Marker, MarkerKind, Recording, ViewDirection } from '../domain/model'
import { clockAt, DEFAULT_LAG_SEC, DEFAULT_LEAD_SEC } from '../domain/timing'
import { defaultTemplate } from '../domain/kijkwijzer'
import { suggestSelection } from '../domain/ratio'
import { moveFragment, orderFragments, setChosen } from '../domain/follow-up'
import { useLiveQuery } from '../composables/useLiveQuery'
import { useLessonVideo } from '../composables/media/useLessonVideo'
import { repositories } from '../db/app'
import { readCycleLesson } from '../composables/coaching/cycle-lesson'

/** What the coach may change of a marker while looking back. */
export type MarkerEdit = Partial<{
  kind: MarkerKind
  cell: KijkwijzerCellRef | null
  helpQuestionId: string | null
  note: string
  leadSec: number
  lagSec: number
}>

/**
 * Looking back at a class visit, offline: its recordings and what the tablet holds of them, the
 * markers to correct or add, and the fragments chosen (and ordered) for the nagesprek.
 */
export const useReviewStore = defineStore('review', () => {
  const cycleId = ref<string | null>(null)

  const data = useLiveQuery(() => (cycleId.value ? readCycleLesson(cycleId.value) : undefined), () => cycleId.value)

  const loaded = computed(() => data.value !== undefined)
  const cycle = computed(() => data.value?.cycle)
  const lesson = computed(() => data.value?.lesson)
  const recordings = computed<Recording[]>(() => data.value?.recordings ?? [])
  const markers = computed<Marker[]>(() => data.value?.markers ?? [])
  const helpQuestions = computed<HelpQuestion[]>(() => data.value?.helpQuestions ?? [])
  const template = defaultTemplate
  const recordingIds = computed(() => recordings.value.map((r) => r.id))

  const video = useLessonVideo(recordingIds)
  /** A recording's length from its whole file on the tablet: the file is the truth, the tablet clock an estimate. */
  const fileLength = (recordingId: string): number | null =>
    video.files.value.find((f) => f.recordingId === recordingId && f.kind === 'full' && f.state === 'done')?.endSec ?? null
  const fragments = computed(() => orderFragments(markers.value))
  const suggestion = computed(() => suggestSelection(markers.value, template.pearlToPuzzleRatio))

  function open(id: string): void {
    if (cycleId.value !== id) cycleId.value = id
  }

  async function edit(markerId: string, patch: MarkerEdit): Promise<void> {
    await repositories().markers.update(markerId, patch)
  }

  /** A marker set afterwards, at a moment of a recording: its recording and offset are the truth. */
  async function addMarker(kind: MarkerKind, recordingId: string, offsetSec: number, view: ViewDirection | null): Promise<Marker> {
    const clip = recordings.value.find((r) => r.id === recordingId)
    const lessonId = lesson.value?.id
    if (!clip || !lessonId) throw new Error('no such recording in this lesson')
    const offset = Math.round(offsetSec * 1000) / 1000
    return repositories().markers.create({
      lessonId, kind, tappedAt: clockAt(clip, offset), recordingId, offsetSec: offset,
      view, cell: null, helpQuestionId: null, note: '',
      leadSec: DEFAULT_LEAD_SEC, lagSec: DEFAULT_LAG_SEC, chosen: false, chosenOrder: null, origin: 'review',
    })
  }

  /** Out of the selection first, so the others close up; the tombstone keeps it for undo. */
  async function remove(markerId: string): Promise<void> {
    await choose(markerId, false)
    await repositories().markers.remove(markerId)
  }

  async function restore(markerId: string): Promise<void> {
    await repositories().markers.restore(markerId)
  }

  /** A change renumbers the whole selection from what is stored, in one transaction (db/repositories.ts). */
  async function changeSelection(change: (stored: Marker[]) => Marker[]): Promise<void> {
    const lessonId = lesson.value?.id
    if (lessonId) await repositories().markers.changeSelection(lessonId, change)
  }

  function choose(markerId: string, chosen: boolean): Promise<void> {
    return changeSelection((stored) => setChosen(stored, markerId, chosen, Date.now()))
  }

  function move(markerId: string, delta: -1 | 1): Promise<void> {
    return changeSelection((stored) => moveFragment(stored, markerId, delta, Date.now()))
  }

  return {
    open, loaded, cycle, lesson, recordings, markers, helpQuestions, template, recordingIds,
    ranges: video.ranges, fileLength, fragments, suggestion,
    edit, addMarker, remove, restore, choose, move,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useReviewStore, import.meta.hot))
