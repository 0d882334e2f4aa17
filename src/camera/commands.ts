// Typed OSC commands over a transport, speaking level 1 or 2 as the session says (camera-osc.md).
import type { CameraCapabilities } from './capabilities'
import type { Clock } from './clock'
import { CameraError, errorFromReply, isCameraError } from './errors'
import {
  asRecord,
  errorCodeOf,
  num,
  parseCommandReply,
  parseFileList,
  parseInfo,
  parseJsonText,
  parseOptions,
  parseState,
  str,
  type CameraInfo,
  type CameraOptions,
  type CameraState,
  type CommandReply,
  type FileList,
} from './parse'
import type { CameraRequest, CameraTransport } from './transport'

/** Which level we speak now. Mutable: THETA S/SC drop back to level 1 when Wi-Fi drops. */
export interface Session {
  level: 1 | 2
  sessionId?: string
}

export interface CommandContext {
  transport: CameraTransport
  capabilities: CameraCapabilities
  session: Session
  clock: Clock
  /** Pause after a captureMode change before the next capture/preview command (≥ 1 s, camera-osc.md). */
  modeSwitchDelayMs?: number
}

const LEVEL1_NAMES: Record<string, string> = {
  'camera.startCapture': 'camera._startCapture',
  'camera.stopCapture': 'camera._stopCapture',
  'camera.getLivePreview': 'camera._getLivePreview',
  'camera.listFiles': 'camera._listAll',
}

// What a level-2 command gets from a camera that fell back to level 1, or from an expired session.
const SESSION_LOST = new Set(['invalidSessionId', 'unknownCommand'])

const MAX_IN_PROGRESS_MS = 60_000

/** The CameraError for an answer that is not what we asked for: a non-2xx status or an OSC error body. */
export async function replyError(response: Response): Promise<CameraError> {
  let body: unknown
  try {
    body = JSON.parse(await response.text())
  } catch {
    body = undefined
  }
  const code = errorCodeOf(body)
  return response.ok && code === undefined ? new CameraError('badResponse') : errorFromReply(response.status, code)
}

/** Sends a request and returns its JSON; a non-2xx answer becomes the matching CameraError. */
export async function requestJson(transport: CameraTransport, req: CameraRequest): Promise<unknown> {
  const response = await transport.send(req)
  if (!response.ok) throw await replyError(response)
  return parseJsonText(await response.text())
}

export type FileType = 'all' | 'image' | 'video'

export interface ListFilesParams {
  fileType?: FileType
  entryCount?: number
  startPosition?: number
  /** Level 1 paging. */
  continuationToken?: string
}

export function createCommands(ctx: CommandContext) {
  const { transport, session, clock } = ctx

  /** The command name and parameters for the level we speak now. */
  function forLevel(name: string, parameters: Record<string, unknown>): [string, Record<string, unknown>] {
    if (session.level === 2) return [name, parameters]
    const params = session.sessionId && name !== 'camera.startSession' ? { sessionId: session.sessionId, ...parameters } : parameters
    return [LEVEL1_NAMES[name] ?? name, params]
  }

  async function post(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    return requestJson(transport, { method: 'POST', path, body, signal })
  }

  async function executeOnce(name: string, parameters: Record<string, unknown>, signal?: AbortSignal): Promise<CommandReply> {
    const [wireName, wireParams] = forLevel(name, parameters)
    let reply = parseCommandReply(await post('/osc/commands/execute', { name: wireName, parameters: wireParams }, signal))
    const deadline = clock.now() + MAX_IN_PROGRESS_MS
    while (reply.state === 'inProgress') {
      if (!reply.id) throw new CameraError('badResponse')
      if (clock.now() > deadline) throw new CameraError('timeout')
      await clock.sleep(ctx.capabilities.pollIntervalMs, signal)
      reply = parseCommandReply(await post('/osc/commands/status', { id: reply.id }, signal))
    }
    if (reply.state === 'error') throw errorFromReply(200, reply.errorCode)
    return reply
  }

  /** Level-1 cameras: open a session, then upgrade to level 2 where the camera allows it. */
  async function establishSession(signal?: AbortSignal): Promise<void> {
    session.level = 1
    session.sessionId = undefined
    const started = await executeOnce('camera.startSession', {}, signal)
    const sessionId = str(started.results.sessionId)
    if (!sessionId) throw new CameraError('badResponse')
    session.sessionId = sessionId
    if (!ctx.capabilities.apiLevels.includes(2)) return
    await executeOnce('camera.setOptions', { options: { clientVersion: 2 } }, signal)
    session.level = 2
    session.sessionId = undefined
  }

  /** Runs `fn`; if the camera lost our session or fell back to level 1, sets it up again and retries once. */
  async function withSession<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      const lost = isCameraError(e, 'refused') && SESSION_LOST.has(e.cameraCode ?? '')
      if (!lost || !ctx.capabilities.apiLevels.includes(1)) throw e
      await establishSession(signal)
      return fn()
    }
  }

  function execute(name: string, parameters: Record<string, unknown> = {}, signal?: AbortSignal): Promise<CommandReply> {
    return withSession(() => executeOnce(name, parameters, signal), signal)
  }

  async function executeStreamOnce(name: string, parameters: Record<string, unknown>, signal?: AbortSignal) {
    const [wireName, wireParams] = forLevel(name, parameters)
    const body = { name: wireName, parameters: wireParams }
    const response = await transport.send({ method: 'POST', path: '/osc/commands/execute', body, signal, stream: true })
    // An OSC error arrives as JSON, even with status 200 on some firmware.
    if (!response.ok || (response.headers.get('Content-Type') ?? '').includes('json') || !response.body) {
      throw await replyError(response)
    }
    return response.body
  }

  // Where cameras name files: `results.fileUrls` (stop), top-level `_fileUrls` (X ≥ 2.61, Z1 ≥ 3.60.3
  // at start), `results.fileUrl` (SC2 for Business at start); the answer's `name` is not checked, as
  // one SC2 firmware misspells it.
  function fileUrls(reply: CommandReply): string[] {
    const { results } = reply
    const urls = results.fileUrls ?? results._fileUrls ?? results.fileUrl ?? results.fileUri
    const named = (Array.isArray(urls) ? urls : [urls]).map(str).filter((u): u is string => !!u)
    return named.length ? named : reply.topLevelFileUrls
  }

  return {
    execute,
    establishSession,

    /** A command whose answer is a byte stream (live preview, level-1 `camera._getVideo`). */
    executeStream(name: string, parameters: Record<string, unknown> = {}, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
      return withSession(() => executeStreamOnce(name, parameters, signal), signal)
    },

    async info(signal?: AbortSignal): Promise<CameraInfo> {
      return parseInfo(await requestJson(transport, { method: 'GET', path: '/osc/info', signal }))
    },

    async state(signal?: AbortSignal, timeoutMs?: number): Promise<CameraState> {
      const state = parseState(await requestJson(transport, { method: 'POST', path: '/osc/state', signal, timeoutMs }))
      // THETA S/SC speak level 1 again after a Wi-Fi drop: set the session up anew.
      if (state.apiVersion === 1 && session.level === 2 && ctx.capabilities.apiLevels.includes(1)) await establishSession(signal)
      return state
    },

    /** Returns the new fingerprint and how long the camera asks us to wait before asking again. */
    async checkForUpdates(fingerprint: string, waitTimeoutSeconds?: number, signal?: AbortSignal, timeoutMs?: number) {
      const body = waitTimeoutSeconds === undefined ? { stateFingerprint: fingerprint } : { stateFingerprint: fingerprint, waitTimeout: waitTimeoutSeconds }
      // A long poll may legitimately take waitTimeout seconds before it answers.
      const limit = waitTimeoutSeconds === undefined ? timeoutMs : (timeoutMs ?? 10_000) + waitTimeoutSeconds * 1000
      const r = asRecord(await requestJson(transport, { method: 'POST', path: '/osc/checkForUpdates', body, signal, timeoutMs: limit }))
      const next = str(r?.stateFingerprint)
      if (next === undefined) throw new CameraError('badResponse')
      return { fingerprint: next, throttleTimeoutSeconds: num(r?.throttleTimeout) ?? 0 }
    },

    async getOptions(names: string[], signal?: AbortSignal): Promise<CameraOptions> {
      return parseOptions((await execute('camera.getOptions', { optionNames: names }, signal)).results)
    },

    async setOptions(options: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
      await execute('camera.setOptions', { options }, signal)
    },

    /** Switches mode and waits before the next command: THETA needs time to switch (≥ 1 s). */
    async setCaptureMode(mode: 'video' | 'image', signal?: AbortSignal): Promise<void> {
      const wire = session.level === 1 && mode === 'video' ? '_video' : mode
      await execute('camera.setOptions', { options: { captureMode: wire } }, signal)
      await clock.sleep(ctx.modeSwitchDelayMs ?? 1000, signal)
    },

    /** Newer firmware names the files at once (`_fileUrls`); most only at stop. */
    async startCapture(signal?: AbortSignal): Promise<string[]> {
      return fileUrls(await execute('camera.startCapture', {}, signal))
    },

    async stopCapture(signal?: AbortSignal): Promise<string[]> {
      return fileUrls(await execute('camera.stopCapture', {}, signal))
    },

    async listFiles(params: ListFilesParams = {}, signal?: AbortSignal): Promise<FileList> {
      const entryCount = params.entryCount ?? 100
      const parameters: Record<string, unknown> =
        session.level === 1
          ? { entryCount, detail: true, ...(params.continuationToken ? { continuationToken: params.continuationToken } : {}) }
          : { fileType: params.fileType ?? 'all', entryCount, maxThumbSize: 0, ...(params.startPosition ? { startPosition: params.startPosition } : {}) }
      return parseFileList((await execute('camera.listFiles', parameters, signal)).results)
    },

    /** Level 2 takes up to 128 URLs per call; level 1 one `fileUri` per call. */
    async deleteFiles(ids: string[], signal?: AbortSignal): Promise<void> {
      if (session.level === 1) {
        for (const fileUri of ids) await execute('camera.delete', { fileUri }, signal)
        return
      }
      for (let i = 0; i < ids.length; i += 128) await execute('camera.delete', { fileUrls: ids.slice(i, i + 128) }, signal)
    },
  }
}

export type Commands = ReturnType<typeof createCommands>
