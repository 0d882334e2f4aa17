import { defineStore, acceptHMRUpdate } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { GoalEvaluation, HelpQuestion, KijkwijzerCellRef, Marker, MarkerKind, Recording, ViewDirection } from '../domain/model'
import { DEFAULT_LAG_SEC, DEFAULT_LEAD_SEC, resolveTap } from '../domain/timing'
import { defaultTemplate } from '../domain/kijkwijzer'
import { measureMarkers } from '../domain/ratio'
import { isCameraError, type RecordedClip, type Recorder, type RecorderPhase } from '../camera'
import { useLiveQuery } from '../composables/useLiveQuery'
import { repositories } from '../db/app'
import { readCycleLesson } from '../composables/coaching/cycle-lesson'
import { toCameraProblem, useCameraStore, type CameraProblem } from './camera'

export type MarkerNote = Partial<Pick<Marker, 'cell' | 'helpQuestionId' | 'note'>>

/** How long a stop may wait for a camera still closing its file before the coach is told. */
const STOP_PATIENCE_MS = 120_000

/**
 * The class visit of one cycle: the lesson, its clips, its markers and the kijkwijzer. A tap is
 * acknowledged only once its marker is committed; the camera may come and go meanwhile.
 */
export const useVisitStore = defineStore('visit', () => {
  const camera = useCameraStore()
  const cycleId = ref<string | null>(null)

  const data = useLiveQuery(() => (cycleId.value ? readCycleLesson(cycleId.value) : undefined), () => cycleId.value)

  const loaded = computed(() => data.value !== undefined)
  const cycle = computed(() => data.value?.cycle)
  const lesson = computed(() => data.value?.lesson)
  const coachee = computed(() => data.value?.coachee)
  const trajectory = computed(() => data.value?.trajectory)
  const recordings = computed<Recording[]>(() => data.value?.recordings ?? [])
  const markers = computed<Marker[]>(() => data.value?.markers ?? [])
  const observations = computed(() => data.value?.observations ?? [])
  const goals = computed(() => data.value?.goals ?? [])
  const helpQuestions = computed<HelpQuestion[]>(() => data.value?.helpQuestions ?? [])
  const template = defaultTemplate
  const ratio = computed(() => measureMarkers(markers.value, template.pearlToPuzzleRatio))

  function open(id: string): void {
    if (cycleId.value !== id) cycleId.value = id
  }

  // ---- Taps -------------------------------------------------------------------------------------

  async function tap(kind: MarkerKind, view: ViewDirection | null): Promise<Marker> {
    const tappedAt = Date.now()
    const lessonId = lesson.value?.id
    if (!lessonId) throw new Error('no lesson open')
    const placement = resolveTap(tappedAt, recordings.value)
    const marker = await repositories().markers.create({
      lessonId, kind, tappedAt,
      recordingId: placement?.recordingId ?? null,
      offsetSec: placement?.offsetSec ?? null,
      view, cell: null, helpQuestionId: null, note: '',
      leadSec: DEFAULT_LEAD_SEC, lagSec: DEFAULT_LAG_SEC, chosen: false, chosenOrder: null, origin: 'tap',
    })
    navigator.vibrate?.(kind === 'pearl' ? 40 : [30, 60, 30])
    return marker
  }

  async function annotate(markerId: string, patch: MarkerNote): Promise<void> {
    await repositories().markers.update(markerId, patch)
  }

  async function undo(markerId: string): Promise<void> {
    await repositories().markers.remove(markerId)
  }

  // ---- Kijkwijzer and lesson goals -----------------------------------------------------------------

  /** A rating and a note for one cell may be sent at once: the cell's write is one transaction (db/repositories.ts). */
  async function observe(cell: KijkwijzerCellRef, patch: { rating?: number | null; notes?: string }): Promise<void> {
    const lessonId = lesson.value?.id
    if (lessonId) await repositories().observations.writeCell(lessonId, cell.rowId, cell.columnId, patch)
  }

  async function evaluateGoal(goalId: string, patch: { evaluation?: GoalEvaluation | null; evaluationNote?: string }): Promise<void> {
    await repositories().lessonGoals.update(goalId, patch)
  }

  // ---- Recording --------------------------------------------------------------------------------

  const recorder = shallowRef<Recorder | null>(null)
  const recorderPhase = ref<RecorderPhase>('idle')
  /** The coach asked to stop and the camera is still closing its file. */
  const stopAsked = ref(false)
  const phase = computed<RecorderPhase>(() => (stopAsked.value && recorderPhase.value !== 'stopped' ? 'stopping' : recorderPhase.value))
  const problem = ref<CameraProblem | null>(null)
  /** The camera ended a clip by itself and a next one began: the coach is told once. */
  const nextClipNotice = ref<number | null>(null)
  const clipIds = new Map<number, string>()

  const runningClip = computed(() => recordings.value.find((r) => r.stoppedAt === null) ?? null)

  /** One Recording row per clip, written as the recorder reports it; markers follow the clips. */
  async function storeClip(clip: RecordedClip, firstIndex: number): Promise<void> {
    const lessonId = lesson.value?.id
    if (!lessonId) return
    const repos = repositories()
    const clipIndex = firstIndex + clip.clipIndex
    const fields = {
      cameraFileUrl: clip.fileUrl ?? null,
      startedAt: clip.estimatedStartAt,
      requestedAt: clip.requestedAt,
      confirmedAt: clip.confirmedAt,
      stoppedAt: clip.stoppedAt ?? null,
    }
    const known = clipIds.get(clipIndex)
    if (known) await repos.recordings.update(known, fields)
    else {
      const created = await repos.recordings.create({ lessonId, clipIndex, durationSec: null, bytes: 'none', ...fields })
      clipIds.set(clipIndex, created.id)
      if (clip.clipIndex > 0) nextClipNotice.value = clipIndex + 1
    }
    if (clip.stoppedAt !== undefined || !known) await replaceMarkers()
  }

  /** Taps made while no clip covered them are placed once one does. */
  async function replaceMarkers(): Promise<void> {
    if (lesson.value) await repositories().placeLessonMarkers(lesson.value.id)
  }

  /** The recorder's clips become Recording rows numbered on from `firstIndex`. */
  function useRecorder(next: Recorder, firstIndex: number): Recorder {
    recorder.value = next
    next.on('phase', (p) => { recorderPhase.value = p })
    next.on('clip', (clip) => { void storeClip(clip, firstIndex) })
    next.on('error', (error) => { problem.value = toCameraProblem(error) })
    return next
  }

  /**
   * After a reload or a crash mid-lesson: the camera may still be recording the clip the tablet
   * knows as running. Then follow it on; if it stopped meanwhile, close it at the time we learn so.
   */
  async function resumeRecording(clip: Recording): Promise<void> {
    const connected = await camera.connect()
    if (!connected || recorder.value) return
    try {
      const state = await connected.state()
      // 'unknown': the camera does not say (Insta360), so the clip is taken to run on.
      if (state.captureStatus !== 'shooting' && state.captureStatus !== 'unknown') {
        await repositories().recordings.update(clip.id, { stoppedAt: Date.now() })
        return
      }
      clipIds.set(clip.clipIndex, clip.id)
      await useRecorder(connected.recorder(), clip.clipIndex).resume({
        requestedAt: clip.requestedAt, confirmedAt: clip.confirmedAt, estimatedStartAt: clip.startedAt,
        fileUrls: clip.cameraFileUrl ? [clip.cameraFileUrl] : [],
      })
    } catch (error) {
      problem.value = toCameraProblem(error)
      recorder.value = null
    }
  }

  watch(runningClip, (clip) => {
    if (clip && !recorder.value) void resumeRecording(clip)
  })

  async function startRecording(): Promise<void> {
    problem.value = null
    const connected = await camera.connect()
    if (!connected || !lesson.value) {
      problem.value = camera.problem
      return
    }
    const next = useRecorder(connected.recorder(), recordings.value.length)
    try {
      await next.start()
      if (!lesson.value.startedAt) await repositories().lessons.update(lesson.value.id, { startedAt: Date.now() })
    } catch (error) {
      problem.value = toCameraProblem(error)
      recorder.value = null
      recorderPhase.value = 'idle'
    }
  }

  /**
   * Stops the clip. A camera closing a long file on a busy card can take longer than one answer may
   * (the emulator on a loaded machine: > 8 s), while it still reports shooting: that is no failure,
   * so the stop is asked again (the camera takes a repeated stop as the same one) until the camera
   * is idle, for up to STOP_PATIENCE_MS. It once took the coach up to three taps on Stop.
   */
  async function stopRecording(): Promise<void> {
    const running = recorder.value
    if (!running) return
    stopAsked.value = true
    const until = Date.now() + STOP_PATIENCE_MS
    try {
      for (;;) {
        try {
          await running.stop()
          break
        } catch (error) {
          // The camera's state follower may have seen it stop meanwhile.
          if (running.phase === 'stopped') break
          const slow = isCameraError(error) && (error.code === 'timeout' || error.code === 'unreachable')
          if (!slow || Date.now() > until) throw error
        }
      }
      if (lesson.value) await repositories().lessons.update(lesson.value.id, { endedAt: Date.now() })
    } catch (error) {
      problem.value = toCameraProblem(error)
    } finally {
      stopAsked.value = false
    }
  }

  watch(cycleId, () => {
    clipIds.clear()
    recorder.value = null
    recorderPhase.value = 'idle'
    nextClipNotice.value = null
  })

  return {
    open, loaded, cycle, lesson, coachee, trajectory, recordings, markers, observations, goals, helpQuestions, template, ratio,
    tap, annotate, undo, observe, evaluateGoal,
    phase, problem, nextClipNotice, runningClip, startRecording, stopRecording,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useVisitStore, import.meta.hot))
