import { until } from '@vueuse/core'
import { computed, onScopeDispose, ref, shallowRef, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import type { VideoFile } from '../../domain/model'
import { jumpTarget, type PlaybackRate } from './player-math'
import { useLessonVideo } from './useLessonVideo'

/** A stretch of one recording, on its own time line (a marker's clip window fits). */
export interface PlayWindow {
  recordingId: string
  startSec: number
  endSec: number
}

/** Resolves true on `type`, false when the element reports an error first. */
function once(el: HTMLMediaElement, type: 'loadedmetadata' | 'seeked'): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      el.removeEventListener(type, onEvent)
      el.removeEventListener('error', onError)
      resolve(ok)
    }
    const onEvent = done(true)
    const onError = done(false)
    el.addEventListener(type, onEvent, { once: true })
    el.addEventListener('error', onError, { once: true })
  })
}

/**
 * Plays recordings from the bytes on this tablet in one `<video>`: a position on the recording's
 * time line (whichever file holds it: the whole clip or a fragment), speed, jumps, and windows that
 * stop by themselves. The view direction is the 360° player's business, not this one's.
 */
export function usePlayer(recordingIds: MaybeRefOrGetter<readonly string[]>, video: Readonly<Ref<HTMLVideoElement | null>>) {
  const lessonVideo = useLessonVideo(recordingIds)
  const recordingId = ref<string | null>(null)
  const offsetSec = ref(0)
  const playing = ref(false)
  const rate = ref<PlaybackRate>(1)
  /** The file on the video element; null where the tablet holds no bytes for the position. */
  const file = shallowRef<VideoFile | null>(null)
  const missing = computed(() => recordingId.value !== null && lessonVideo.loaded.value && file.value === null)
  const held = computed(() => (recordingId.value ? lessonVideo.ranges(recordingId.value) : []))

  // The latest seek wins: a coach tapping markers quickly must not land on an older one.
  let seekCount = 0
  let windowEnd: number | null = null
  let windowDone: ((played: boolean) => void) | null = null
  let frame = 0

  function settleWindow(played: boolean): void {
    const done = windowDone
    windowEnd = null
    windowDone = null
    done?.(played)
  }

  function readPosition(): void {
    const v = video.value
    if (v && file.value) offsetSec.value = file.value.startSec + v.currentTime
  }

  // While playing, follow every animation frame: `timeupdate` comes only ~4× a second.
  function track(): void {
    readPosition()
    if (windowEnd !== null && offsetSec.value >= windowEnd) {
      video.value?.pause()
      settleWindow(true)
    }
    frame = playing.value ? requestAnimationFrame(track) : 0
  }

  const onPlay = (): void => {
    playing.value = true
    if (!frame) frame = requestAnimationFrame(track)
  }
  const onPause = (): void => {
    playing.value = false
    readPosition()
  }
  const onEnded = (): void => {
    playing.value = false
    // A fragment may end before the window does: what there was has been played.
    settleWindow(true)
  }
  const listeners = [['play', onPlay], ['pause', onPause], ['ended', onEnded], ['timeupdate', readPosition], ['seeked', readPosition]] as const
  watch(video, (next, previous) => {
    for (const [type, fn] of listeners) previous?.removeEventListener(type, fn)
    for (const [type, fn] of listeners) next?.addEventListener(type, fn)
  }, { immediate: true })

  /** Shows the moment `offsetSec` of a recording (paused); false when the tablet has no bytes for it. */
  async function seek(id: string, offset: number): Promise<boolean> {
    const mine = ++seekCount
    settleWindow(false)
    video.value?.pause()
    recordingId.value = id
    offsetSec.value = offset
    await until(lessonVideo.loaded).toBe(true)
    const moment = await lessonVideo.locate(id, offset)
    const v = video.value
    if (mine !== seekCount || !v) return false
    if (!moment) {
      file.value = null
      v.removeAttribute('src')
      v.load()
      return false
    }
    if (v.src !== moment.url) {
      file.value = moment.file
      v.src = moment.url
      if (!(await once(v, 'loadedmetadata')) || mine !== seekCount) return false
    }
    // A new source falls back to the default rate.
    v.defaultPlaybackRate = rate.value
    v.playbackRate = rate.value
    v.currentTime = moment.timeSec
    const seeked = await once(v, 'seeked')
    if (mine === seekCount) offsetSec.value = offset
    return seeked && mine === seekCount
  }

  async function play(): Promise<void> {
    const v = video.value
    if (!v || !file.value) return
    try {
      await v.play()
    } catch (error) {
      // Autoplay rules may refuse sound without a gesture: play muted rather than not at all.
      if (!(error instanceof DOMException && error.name === 'NotAllowedError')) return
      v.muted = true
      await v.play().catch(() => undefined)
    }
  }

  function pause(): void {
    video.value?.pause()
  }

  /** Plays one window from its start and pauses at its end; true once played to the end. */
  async function playWindow(window: PlayWindow): Promise<boolean> {
    if (!(await seek(window.recordingId, window.startSec))) return false
    const done = new Promise<boolean>((resolve) => { windowDone = resolve })
    windowEnd = window.endSec
    await play()
    return done
  }

  /** Jumps by `deltaSec` and keeps playing if it was. */
  async function jump(deltaSec: number): Promise<void> {
    const id = recordingId.value
    if (!id) return
    const wasPlaying = playing.value
    if (await seek(id, jumpTarget(offsetSec.value, deltaSec, held.value)) && wasPlaying) await play()
  }

  function setRate(next: PlaybackRate): void {
    rate.value = next
    const v = video.value
    if (v) {
      v.defaultPlaybackRate = next
      v.playbackRate = next
    }
  }

  // Bytes that arrive while the coach looks at a gap (an import finished) show up by themselves.
  watch(lessonVideo.files, () => {
    if (missing.value && recordingId.value) void seek(recordingId.value, offsetSec.value)
  })

  onScopeDispose(() => {
    cancelAnimationFrame(frame)
    settleWindow(false)
  })

  return {
    recordingId, offsetSec, playing, rate, missing, held,
    seek, play, pause, playWindow, jump, setRate,
  }
}
