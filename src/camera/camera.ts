// connectCamera: /osc/info → capabilities → session → a Camera with everything the stores need.
import { detectCapabilities, type CameraCapabilities } from './capabilities'
import { systemClock, type Clock } from './clock'
import { createCommands, requestJson, type Commands, type Session } from './commands'
import { CameraError, isCameraError } from './errors'
import { byteWindow, downloadRange, probeFile, type FileProbe } from './files'
import { readLivePreview, type LivePreview } from './live-preview'
import { parseInfo, type CameraFile, type CameraInfo } from './parse'
import { createRecorder, type Recorder, type RecorderOptions } from './recorder'
import { followState, type StateFollower, type StateFollowerOptions } from './state-follower'
import { createFetchTransport, serializeTransport, type CameraTransport, type FetchTransportOptions } from './transport'

export interface ConnectOptions extends FetchTransportOptions {
  /** Use this transport instead of fetch (a native shell, a test double). */
  transport?: CameraTransport
  clock?: Clock
  /** Pause after a captureMode change (default 1000 ms). */
  modeSwitchDelayMs?: number
  signal?: AbortSignal
}

/** What "test connection" shows the coach. */
export interface CameraSummary {
  manufacturer: string
  model: string
  /** What to show: "RICOH THETA X", not "RICOH RICOH THETA X". */
  displayName: string
  serialNumber: string
  firmwareVersion: string
  apiLevel: 1 | 2
  batteryLevel?: number
  batteryState?: string
  /** Bytes; undefined where the camera does not say (Insta360 says 0 for both). */
  remainingSpace?: number
  totalSpace?: number
  /** Only known in video mode: in image mode a THETA reports 0, which is not a full card. */
  recordableSeconds?: number
}

export function displayName(info: Pick<CameraInfo, 'manufacturer' | 'model'>): string {
  const { manufacturer, model } = info
  return model.toLowerCase().startsWith(manufacturer.toLowerCase()) ? model : `${manufacturer} ${model}`.trim()
}

export interface ByteRange {
  start?: number
  /** Inclusive. */
  end?: number
}

type CameraCommands = Pick<
  Commands,
  'state' | 'checkForUpdates' | 'execute' | 'getOptions' | 'setOptions' | 'setCaptureMode' | 'startCapture' | 'stopCapture' | 'listFiles' | 'deleteFiles'
>

export type Camera = CameraCommands & {
  readonly info: CameraInfo
  readonly capabilities: CameraCapabilities
  readonly transport: CameraTransport
  /** The level spoken right now. */
  readonly apiLevel: 1 | 2
  summary(signal?: AbortSignal): Promise<CameraSummary>
  openLivePreview(signal?: AbortSignal, options?: { maxFrameBytes?: number }): Promise<LivePreview>
  /** One shared state loop per camera; each handle's stop() releases it. */
  follow(options?: StateFollowerOptions): StateFollower
  recorder(options?: RecorderOptions): Recorder
  probeFile(url: string, signal?: AbortSignal): Promise<FileProbe>
  /** A file's bytes as a stream: Range on level 2, `camera._getVideo` for level-1 file ids. */
  download(file: CameraFile | string, range?: ByteRange, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>>
}

export async function connectCamera(options: ConnectOptions): Promise<Camera> {
  const clock = options.clock ?? systemClock
  const direct = options.transport ?? createFetchTransport(options)
  const info = parseInfo(await requestJson(direct, { method: 'GET', path: '/osc/info', signal: options.signal }))
  const capabilities = detectCapabilities(info)
  const transport = capabilities.oneCommandAtATime ? serializeTransport(direct) : direct
  const session: Session = { level: capabilities.apiLevels.includes(2) ? 2 : 1 }
  const commands = createCommands({ transport, capabilities, session, clock, modeSwitchDelayMs: options.modeSwitchDelayMs })
  // Level-1-only cameras need a session first; state() upgrades a THETA S/SC that still speaks level 1.
  if (session.level === 1) await commands.establishSession(options.signal)
  else await commands.state(options.signal)

  const { state, checkForUpdates, execute, getOptions, setOptions, setCaptureMode, startCapture, stopCapture, listFiles, deleteFiles, executeStream } =
    commands
  let shared: { follower: StateFollower; users: number } | undefined

  function follow(followOptions?: StateFollowerOptions): StateFollower {
    shared ??= { follower: followState({ commands, capabilities, clock }, followOptions), users: 0 }
    const entry = shared
    entry.users += 1
    const offs: (() => void)[] = []
    let released = false
    return {
      on(event, listener) {
        const off = entry.follower.on(event, listener)
        offs.push(off)
        return off
      },
      get state() {
        return entry.follower.state
      },
      get status() {
        return entry.follower.status
      },
      refresh: () => entry.follower.refresh(),
      stop() {
        if (released) return
        released = true
        offs.forEach((off) => off())
        entry.users -= 1
        if (entry.users > 0) return
        entry.follower.stop()
        if (shared === entry) shared = undefined
      },
    }
  }

  async function storage(signal?: AbortSignal) {
    try {
      const options = await commands.getOptions(['remainingSpace', 'totalSpace', 'captureMode'], signal)
      // A card of 0 bytes is a camera that does not tell.
      const known = options.totalSpace !== undefined && options.totalSpace > 0
      return {
        remainingSpace: known ? options.remainingSpace : undefined,
        totalSpace: known ? options.totalSpace : undefined,
        videoMode: options.captureMode === 'video' || options.captureMode === '_video',
      }
    } catch (e) {
      if (isCameraError(e, 'refused')) return undefined
      throw e
    }
  }

  return {
    state,
    checkForUpdates,
    execute,
    getOptions,
    setOptions,
    setCaptureMode,
    startCapture,
    stopCapture,
    listFiles,
    deleteFiles,
    info,
    capabilities,
    transport,
    get apiLevel() {
      return session.level
    },

    async summary(signal) {
      const now = await state(signal)
      const space = await storage(signal)
      return {
        manufacturer: info.manufacturer,
        model: info.model,
        displayName: displayName(info),
        serialNumber: info.serialNumber,
        firmwareVersion: info.firmwareVersion,
        apiLevel: session.level,
        batteryLevel: now.batteryLevel,
        batteryState: now.batteryState,
        remainingSpace: space?.remainingSpace,
        totalSpace: space?.totalSpace,
        recordableSeconds: space?.videoMode || now.captureStatus === 'shooting' ? now.recordableSeconds : undefined,
      }
    },

    async openLivePreview(signal, previewOptions) {
      // Insta360 has no live preview over OSC.
      if (!capabilities.livePreview) throw new CameraError('refused', { cameraCode: 'noLivePreview' })
      return readLivePreview(await executeStream('camera.getLivePreview', {}, signal), previewOptions)
    },

    follow,

    recorder: (recorderOptions) => createRecorder({ commands, follow, clock }, recorderOptions),

    probeFile: (url, signal) => probeFile(transport, url, signal),

    async download(file, range = {}, signal) {
      const url = typeof file === 'string' ? file : file.fileUrl
      if (url) return downloadRange(transport, url, range.start, range.end, signal)
      const start = range.start ?? 0
      const body = await executeStream('camera._getVideo', { fileUri: (file as CameraFile).id, type: 'full' }, signal)
      return byteWindow(body, start, range.end === undefined ? undefined : range.end - start + 1)
    },
  }
}
