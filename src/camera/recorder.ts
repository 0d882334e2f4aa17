// Records a lesson as a series of clips: the camera ends a clip by itself at its maximum recordable
// time, so we set the longest allowed, notice when it stopped, and start the next clip.
// All times are the tablet clock (ms epoch): markers are resolved against them later.
import type { Clock } from './clock'
import type { Commands } from './commands'
import { createEmitter } from './emitter'
import { isCameraError, toCameraError, type CameraError } from './errors'
import { wallTime, type CameraState } from './parse'
import type { ConnectionStatus, StateFollower } from './state-follower'

export interface RecordedClip {
  clipIndex: number
  fileUrl?: string
  /** Insta360 writes one file per lens. */
  fileUrls: string[]
  /** Tablet clock just before startCapture was sent. */
  requestedAt: number
  /** Tablet clock when its answer arrived. */
  confirmedAt: number
  /** confirmedAt + the start delay; refine later from the file's real duration. */
  estimatedStartAt: number
  stoppedAt?: number
  recordedSeconds: number
  endedBy?: 'us' | 'camera'
}

/** A camera's clock counts whole seconds and the file may be stamped a moment before its answer came. */
const CLOCK_SLACK_MS = 2000

export type RecorderPhase = 'idle' | 'preparing' | 'recording' | 'restarting' | 'stopping' | 'stopped'

export type RecorderEvents = {
  phase: [RecorderPhase]
  /** A clip started, advanced or ended; the same object is updated in place, so copy what you keep. */
  clip: [RecordedClip]
  connection: [ConnectionStatus]
  /** Something went wrong but the recorder keeps going (e.g. the next clip could not start yet). */
  error: [CameraError]
}

export interface RecorderOptions {
  /** Delay between startCapture's answer and the first frame: undocumented, so a parameter (default 0). */
  startDelayMs?: number
  /** Start the next clip when the camera stopped one by itself (default true). */
  autoNext?: boolean
  /** Pause between attempts to start the next clip (default 1 s). */
  retryMs?: number
}

/** One recording session: start once, stop once (make a new one for the next lesson). */
export interface Recorder {
  on: ReturnType<typeof createEmitter<RecorderEvents>>['on']
  readonly phase: RecorderPhase
  readonly clips: readonly RecordedClip[]
  /** Video mode, the longest clip length, then the first clip. */
  start(signal?: AbortSignal): Promise<RecordedClip>
  /**
   * Takes over a clip the camera is still recording, e.g. after the app was reloaded mid-lesson:
   * the times come from what the app stored when the clip began.
   */
  resume(
    clip: Pick<RecordedClip, 'requestedAt' | 'confirmedAt' | 'estimatedStartAt'> & { fileUrls?: string[] },
    signal?: AbortSignal,
  ): Promise<RecordedClip>
  /** Stops the running clip; resolves with it (undefined if none was running). */
  stop(signal?: AbortSignal): Promise<RecordedClip | undefined>
}

export interface RecorderDeps {
  commands: Pick<Commands, 'setCaptureMode' | 'getOptions' | 'setOptions' | 'startCapture' | 'stopCapture' | 'listFiles'>
  /** Starts following the camera's state; the recorder stops its follower when it stops. */
  follow: () => StateFollower
  clock: Clock
}

export function createRecorder(deps: RecorderDeps, options: RecorderOptions = {}): Recorder {
  const { commands, clock } = deps
  const emitter = createEmitter<RecorderEvents>()
  const clips: RecordedClip[] = []
  let phase: RecorderPhase = 'idle'
  let maxSeconds: number | undefined
  let seenShooting = false
  // The coach asked to stop but the camera's answer did not come: its next idle is our stop.
  let stopAsked = false
  let follower: StateFollower | undefined
  // Handling a clip the camera ended when stop() comes in: stop() waits, then stops the next clip if any.
  let pendingRestart: Promise<unknown> | undefined

  function setPhase(next: RecorderPhase) {
    if (next === phase) return
    phase = next
    emitter.emit('phase', next)
  }

  const openClip = () => {
    const last = clips.at(-1)
    return last && last.stoppedAt === undefined ? last : undefined
  }

  /** Sets the longest clip the camera allows (only when `change`), and notes the limit in force. */
  async function useLongestClips(signal?: AbortSignal, change = true) {
    try {
      const opts = await commands.getOptions(['_maxRecordableTime', '_maxRecordableTimeSupport'], signal)
      const longest = Math.max(...opts.maxRecordableTimeSupport)
      maxSeconds = opts.maxRecordableTime
      if (change && Number.isFinite(longest) && longest !== opts.maxRecordableTime) {
        await commands.setOptions({ _maxRecordableTime: longest }, signal)
        maxSeconds = longest
      }
    } catch (e) {
      // Cameras without the option (Insta360, generic OSC) refuse it: record with their default.
      if (!isCameraError(e, 'refused')) throw e
    }
  }

  async function startClip(signal?: AbortSignal): Promise<RecordedClip> {
    const requestedAt = clock.now()
    const urls = await commands.startCapture(signal)
    const confirmedAt = clock.now()
    const clip: RecordedClip = {
      clipIndex: clips.length,
      fileUrl: urls[0],
      fileUrls: urls,
      requestedAt,
      confirmedAt,
      estimatedStartAt: confirmedAt + (options.startDelayMs ?? 0),
      recordedSeconds: 0,
    }
    seenShooting = false
    clips.push(clip)
    emitter.emit('clip', clip)
    return clip
  }

  function finish(clip: RecordedClip, endedBy: 'us' | 'camera', fileUrls: string[], fileSeconds?: number) {
    const now = clock.now()
    if (fileSeconds !== undefined) {
      clip.recordedSeconds = fileSeconds
      clip.stoppedAt = Math.min(now, clip.estimatedStartAt + fileSeconds * 1000)
    } else {
      // Noticed late (e.g. after a Wi-Fi drop): it cannot have run past the camera's limit.
      clip.stoppedAt = maxSeconds === undefined ? now : Math.min(now, clip.estimatedStartAt + maxSeconds * 1000)
      clip.recordedSeconds = Math.max(clip.recordedSeconds, Math.round((clip.stoppedAt - clip.estimatedStartAt) / 1000))
    }
    clip.endedBy = endedBy
    if (fileUrls.length) {
      clip.fileUrls = fileUrls
      clip.fileUrl = fileUrls[0]
    }
    emitter.emit('clip', clip)
  }

  /** The file's own duration: the stop may have been noticed long after it happened (Wi-Fi drop). */
  async function fileSeconds(latestFile: string | undefined): Promise<number | undefined> {
    if (!latestFile) return undefined
    try {
      const { files } = await commands.listFiles({ fileType: 'video', entryCount: 4 })
      return files.find((f) => f.id === latestFile || f.fileUrl === latestFile)?.recordSeconds
    } catch {
      return undefined
    }
  }

  /**
   * The file(s) of a clip no answer named (an Insta360 clip the camera ended by itself: its state
   * names no file, its stop is refused): the first video on the card made at or after the clip's
   * start, on the camera's own clock — read now and set against the tablet's, as the two differ.
   * The first, not the newest: a clock set back (a THETA's resets with a flat battery) dates older
   * clips after it, and a clip made on the camera itself may follow. Files of that one moment are
   * one clip's lenses.
   */
  async function filesOfClip(clip: RecordedClip, signal?: AbortSignal): Promise<string[]> {
    try {
      const askedAt = clock.now()
      const cameraNow = wallTime((await commands.getOptions(['dateTimeZone'], signal)).dateTimeZone)
      if (cameraNow === undefined) return []
      const cameraMinusTablet = cameraNow - (askedAt + clock.now()) / 2
      const since = clip.requestedAt + cameraMinusTablet - CLOCK_SLACK_MS
      const { files } = await commands.listFiles({ fileType: 'video', entryCount: 100 }, signal)
      const made = files.filter((f) => f.isVideo && f.wallTime !== undefined && f.wallTime >= since)
      const first = Math.min(...made.map((f) => f.wallTime!))
      return made.filter((f) => f.wallTime === first).sort((a, b) => a.name.localeCompare(b.name)).map((f) => f.id)
    } catch {
      return []
    }
  }

  async function cameraStopped(clip: RecordedClip, state: CameraState) {
    setPhase('restarting')
    finish(clip, 'camera', state.latestFile ? [state.latestFile] : await filesOfClip(clip), await fileSeconds(state.latestFile))
    if (options.autoNext ?? true) return startNext()
    if (phase !== 'restarting') return
    follower?.stop()
    setPhase('stopped')
  }

  async function startNext() {
    while (phase === 'restarting') {
      try {
        await startClip()
        if (phase === 'restarting') setPhase('recording')
      } catch (e) {
        emitter.emit('error', toCameraError(e))
        await clock.sleep(options.retryMs ?? 1000)
      }
    }
  }

  function onState(state: CameraState) {
    const clip = openClip()
    if (!clip || phase !== 'recording') return
    if (state.captureStatus === 'shooting') {
      seenShooting = true
      if (state.recordedSeconds !== clip.recordedSeconds) {
        clip.recordedSeconds = state.recordedSeconds
        emitter.emit('clip', clip)
      }
      return
    }
    if (state.captureStatus !== 'idle' || !seenShooting) return
    if (stopAsked) return stopped(clip, state.latestFile ? [state.latestFile] : [])
    pendingRestart = cameraStopped(clip, state)
  }

  /** The clip ended because the coach asked: no next clip. */
  function stopped(clip: RecordedClip, fileUrls: string[]): void {
    finish(clip, 'us', fileUrls)
    follower?.stop()
    follower = undefined
    setPhase('stopped')
  }

  /** Prepares and gets the first clip, then follows the camera; back to idle if that fails. */
  async function begin(firstClip: () => Promise<RecordedClip>): Promise<RecordedClip> {
    setPhase('preparing')
    try {
      const clip = await firstClip()
      follow()
      setPhase('recording')
      return clip
    } catch (e) {
      setPhase('idle')
      throw toCameraError(e)
    }
  }

  function follow() {
    follower = deps.follow()
    follower.on('state', onState)
    follower.on('status', (s) => emitter.emit('connection', s))
  }

  return {
    on: emitter.on,
    get phase() {
      return phase
    },
    clips,

    start(signal) {
      return begin(async () => {
        await commands.setCaptureMode('video', signal)
        await useLongestClips(signal)
        return startClip(signal)
      })
    },

    resume(known, signal) {
      return begin(async () => {
        // Options cannot change while the camera records: only read the limit.
        await useLongestClips(signal, false)
        // The file named at start (THETA X/Z1) stays known across the reload.
        const fileUrls = known.fileUrls ?? []
        const clip: RecordedClip = { clipIndex: clips.length, recordedSeconds: 0, ...known, fileUrls, fileUrl: fileUrls[0] }
        clips.push(clip)
        return clip
      })
    },

    async stop(signal) {
      const previous = phase
      setPhase('stopping')
      stopAsked = true
      await pendingRestart
      const clip = openClip()
      let urls: string[] = []
      try {
        if (clip) urls = await commands.stopCapture(signal)
        // Level 1 names no file in the answer; the state's latest file is the one just written.
        if (clip && !urls.length) urls = [(await follower?.refresh().catch(() => undefined))?.latestFile].filter((u): u is string => !!u)
      } catch (e) {
        // The answer may be lost while the camera did stop (a slow or dropped link): ask it, so a
        // stop the coach asked for is never mistaken for the camera's own and followed by a new clip.
        const now = await follower?.refresh().catch(() => undefined)
        // A camera that does not report its capture status (Insta360) refuses the stop of a clip it
        // already ended by itself: that clip is over too.
        const endedUnseen = now?.captureStatus === 'unknown' && isCameraError(e, 'refused')
        if (now?.captureStatus !== 'idle' && !endedUnseen) {
          setPhase(previous)
          throw toCameraError(e)
        }
        urls = now?.latestFile ? [now.latestFile] : []
      }
      if (clip && !urls.length && !clip.fileUrls.length) urls = await filesOfClip(clip, signal)
      if (clip) stopped(clip, urls)
      else {
        follower?.stop()
        follower = undefined
        setPhase('stopped')
      }
      return clip
    },
  }
}
