// A camera in memory behind a CameraTransport: enough OSC (levels 1 and 2, video, files) to test
// the client's flows on virtual time. The real HTTP emulator lives in emulator/.
import type { Clock } from '../clock'
import { CameraError } from '../errors'
import type { CameraRequest, CameraTransport } from '../transport'

export interface FakeCameraOptions {
  clock: Clock
  info: Record<string, unknown>
  /** Level the camera speaks now (THETA S starts at 1). */
  level?: 1 | 2
  maxRecordableTimeSupport?: number[]
  /** Time each answer takes (virtual ms). */
  latencyMs?: number
  /** The live-preview body (multipart bytes) and the bytes `camera._getVideo` serves. */
  previewBody?: Uint8Array
  videoBytes?: Uint8Array
}

export interface FakeCamera {
  transport: CameraTransport
  online: boolean
  level: 1 | 2
  captureMode: string
  maxRecordableTime: number
  recordingSince?: number
  files: string[]
  /** Command names (or paths) in the order received. */
  log: string[]
  maxInFlight: number
  /** Wi-Fi drop: unreachable until online again; THETA S/SC also fall back to level 1. */
  dropWifi(): void
}

function reply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json;charset=utf-8' } })
}

function bytes(data: Uint8Array, type: string): Response {
  return new Response(new Blob([data as Uint8Array<ArrayBuffer>]).stream(), { headers: { 'Content-Type': type } })
}

function oscError(status: number, name: string, code: string): Response {
  return reply(status, { name, state: 'error', error: { code, message: code } })
}

export function createFakeCamera(options: FakeCameraOptions): FakeCamera {
  const { clock } = options
  const support = options.maxRecordableTimeSupport ?? [300, 1500]
  let sessionId: string | undefined
  let fingerprint = 1
  let modeSwitchedAt = -Infinity
  let inFlight = 0

  const cam: FakeCamera = {
    transport: { baseUrl: 'http://192.168.1.1', send },
    online: true,
    level: options.level ?? 2,
    captureMode: 'image',
    maxRecordableTime: 300,
    files: [],
    log: [],
    maxInFlight: 0,
    dropWifi() {
      cam.online = false
      if (Array.isArray(options.info.apiLevel) && options.info.apiLevel.includes(1)) {
        cam.level = 1
        sessionId = undefined
      }
    },
  }

  const seconds = new Map<string, number>()

  function finishClip() {
    const url = `http://192.168.1.1/files/100RICOH/R${String(10001 + cam.files.length).padStart(7, '0')}.MP4`
    const end = Math.min(clock.now(), (cam.recordingSince ?? 0) + cam.maxRecordableTime * 1000)
    seconds.set(url, Math.floor((end - (cam.recordingSince ?? end)) / 1000))
    cam.files.push(url)
    cam.recordingSince = undefined
    fingerprint += 1
    return url
  }

  // The camera ends a clip by itself at its maximum recordable time.
  function tick() {
    if (cam.recordingSince !== undefined && clock.now() >= cam.recordingSince + cam.maxRecordableTime * 1000) {
      finishClip()
    }
  }

  function state() {
    const recorded = cam.recordingSince === undefined ? 0 : Math.floor((clock.now() - cam.recordingSince) / 1000)
    return {
      fingerprint: `FIG_${fingerprint}_${recorded}`,
      state: {
        _apiVersion: cam.level,
        batteryLevel: 0.8,
        _captureStatus: cam.recordingSince === undefined ? 'idle' : 'shooting',
        // THETA X sends these as strings on some firmware.
        _recordedTime: String(recorded),
        _recordableTime: 3000,
        [cam.level === 1 ? '_latestFileUri' : '_latestFileUrl']: cam.files.at(-1) ?? '',
        ...(cam.level === 1 && sessionId ? { sessionId } : {}),
      },
    }
  }

  function execute(name: string, p: Record<string, unknown>): Response {
    const level1Only = ['camera._startCapture', 'camera._stopCapture', 'camera._listAll', 'camera._getLivePreview', 'camera._getVideo', 'camera.startSession']
    const level2Only = ['camera.startCapture', 'camera.stopCapture', 'camera.listFiles', 'camera.getLivePreview']
    if ((cam.level === 1 && level2Only.includes(name)) || (cam.level === 2 && level1Only.includes(name) && name !== 'camera.startSession')) {
      return oscError(400, name, 'unknownCommand')
    }
    if (cam.level === 1 && name !== 'camera.startSession' && (!sessionId || p.sessionId !== sessionId)) return oscError(403, name, 'invalidSessionId')
    const opts = (p.options ?? {}) as Record<string, unknown>
    switch (name) {
      case 'camera.startSession':
        sessionId = `SID_${fingerprint++}`
        return reply(200, { name, state: 'done', results: { sessionId, timeout: 180 } })
      case 'camera.setOptions':
        if (opts.clientVersion === 2) cam.level = 2
        if (typeof opts.captureMode === 'string') {
          cam.captureMode = opts.captureMode
          modeSwitchedAt = clock.now()
        }
        if (opts._maxRecordableTime !== undefined) {
          if (!support.includes(opts._maxRecordableTime as number)) return oscError(400, name, 'invalidParameterValue')
          cam.maxRecordableTime = opts._maxRecordableTime as number
        }
        return reply(200, { name, state: 'done' })
      case 'camera.getOptions':
        return reply(200, {
          name,
          state: 'done',
          results: {
            options: {
              captureMode: cam.captureMode,
              _maxRecordableTime: cam.maxRecordableTime,
              _maxRecordableTimeSupport: support,
              remainingSpace: 1e10,
              totalSpace: 6.4e10,
            },
          },
        })
      case 'camera.startCapture':
      case 'camera._startCapture':
        // Capturing right after a mode switch fails on real cameras (camera-osc.md: wait ≥ 1 s).
        if (!/video/.test(cam.captureMode) || clock.now() - modeSwitchedAt < 1000 || cam.recordingSince !== undefined) {
          return oscError(403, name, 'disabledCommand')
        }
        cam.recordingSince = clock.now()
        fingerprint += 1
        return reply(200, { name, state: 'done' })
      case 'camera.stopCapture':
      case 'camera._stopCapture': {
        if (cam.recordingSince === undefined) return oscError(403, name, 'disabledCommand')
        const url = finishClip()
        return reply(200, cam.level === 1 ? { name, state: 'done' } : { name, state: 'done', results: { fileUrls: [url] } })
      }
      case 'camera.listFiles': {
        if (cam.recordingSince !== undefined) return oscError(403, name, 'disabledCommand')
        const entries = cam.files.map((fileUrl) => ({ name: fileUrl.split('/').pop(), fileUrl, _recordTime: String(seconds.get(fileUrl)) }))
        return reply(200, { name, state: 'done', results: { entries: entries.reverse(), totalEntries: entries.length } })
      }
      case 'camera.getLivePreview':
      case 'camera._getLivePreview':
        return bytes(options.previewBody ?? new Uint8Array(), 'multipart/x-mixed-replace; boundary="---osclivepreview---"')
      case 'camera._getVideo':
        return p.fileUri === '100RICOH/R0010017.MP4' && options.videoBytes ? bytes(options.videoBytes, 'video/mp4') : oscError(404, name, 'notFound')
      default:
        return oscError(400, name, 'unknownCommand')
    }
  }

  async function send(req: CameraRequest): Promise<Response> {
    inFlight += 1
    cam.maxInFlight = Math.max(cam.maxInFlight, inFlight)
    try {
      if (options.latencyMs) await clock.sleep(options.latencyMs, req.signal)
      if (!cam.online) throw new CameraError('unreachable')
      tick()
      const body = (req.body ?? {}) as Record<string, unknown>
      if (req.path === '/osc/commands/execute') {
        const name = String(body.name)
        cam.log.push(name)
        return execute(name, (body.parameters ?? {}) as Record<string, unknown>)
      }
      cam.log.push(req.path)
      if (req.path === '/osc/info') return reply(200, options.info)
      if (req.path === '/osc/state') return reply(200, state())
      if (req.path === '/osc/checkForUpdates') return reply(200, { stateFingerprint: state().fingerprint, throttleTimeout: 1 })
      return reply(404, {})
    } finally {
      inFlight -= 1
    }
  }

  return cam
}
