import { until } from '@vueuse/core'
import { computed, hasInjectionContext, inject, onScopeDispose, ref, shallowRef, toValue, watch, type InjectionKey, type MaybeRefOrGetter, type Ref } from 'vue'
import type { VideoFile } from '../../domain/model'
import { coveredRanges, locateMoment } from '../../domain/video'
import { jumpTarget, type PlaybackRate } from './player-math'
import { useLessonVideo, type PlayableMoment } from './useLessonVideo'

/** A stretch of one recording, on its own time line (a marker's clip window fits). */
export interface PlayWindow {
  recordingId: string
  startSec: number
  endSec: number
}

/** The video of these recordings on the school server, for a device that does not hold the bytes (src/sync/upload-assets.ts). */
export interface RemoteVideo {
  files(recordingIds: readonly string[]): Promise<VideoFile[]>
  /** A URL a `<video>` can play (with Range) without an Authorization header; null when not reachable. */
  url(fileId: string): Promise<string | null>
}
/** Provided by the app (main.ts); a player without it plays only this tablet's bytes. */
export const REMOTE_VIDEO: InjectionKey<RemoteVideo> = Symbol('remote video')

/** The server's list is asked again after this long, when the tablet lacks the bytes for a moment. */
const REMOTE_REFRESH_MS = 15_000

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
 * Plays recordings in one `<video>`: a position on the recording's time line (whichever file holds
 * it: the whole clip or a fragment), speed, jumps, and windows that stop by themselves. The bytes on
 * this tablet come first; where it has none, the school server's copy is played (another device of
 * the coach, or a copy freed here). The view direction is the 360° player's business, not this one's.
 */
export function usePlayer(
  recordingIds: MaybeRefOrGetter<readonly string[]>,
  video: Readonly<Ref<HTMLVideoElement | null>>,
  remote: RemoteVideo | null = hasInjectionContext() ? inject(REMOTE_VIDEO, null) : null,
) {
  const lessonVideo = useLessonVideo(recordingIds)
  const remoteFiles = shallowRef<VideoFile[]>([])
  // The answer itself is kept: a seek right behind another waits for the same list instead of finding none.
  let remoteAsked = { key: '', at: -Infinity, answer: Promise.resolve() }
  const recordingId = ref<string | null>(null)
  const offsetSec = ref(0)
  const playing = ref(false)
  const rate = ref<PlaybackRate>(1)
  /** The file on the video element; null where the tablet holds no bytes for the position. */
  const file = shallowRef<VideoFile | null>(null)
  const missing = computed(() => recordingId.value !== null && lessonVideo.loaded.value && file.value === null)
  const held = computed(() => (recordingId.value ? coveredRanges([...lessonVideo.files.value, ...remoteFiles.value], recordingId.value) : []))

  /** The moment from the server's copy, the list asked again when it is older than REMOTE_REFRESH_MS. */
  async function locateRemote(id: string, offset: number): Promise<PlayableMoment | null> {
    if (!remote) return null
    const ids = toValue(recordingIds)
    const key = ids.join()
    if (remoteAsked.key !== key || Date.now() - remoteAsked.at > REMOTE_REFRESH_MS) {
      remoteAsked = { key, at: Date.now(), answer: remote.files(ids).then((files) => void (remoteFiles.value = files)) }
    }
    await remoteAsked.answer
    const moment = locateMoment(remoteFiles.value, id, offset)
    const url = moment && (await remote.url(moment.file.id))
    return moment && url ? { ...moment, url } : null
  }

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
    const moment = (await lessonVideo.locate(id, offset)) ?? (await locateRemote(id, offset))
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
