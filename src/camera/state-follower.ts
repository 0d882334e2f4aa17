// Follows the camera's state: checkForUpdates where the camera has it, else /osc/state polling;
// failures back off and turn into 'reconnecting', then 'lost', while it keeps trying.
import type { CameraCapabilities } from './capabilities'
import type { Clock } from './clock'
import type { Commands } from './commands'
import { createEmitter } from './emitter'
import { isCameraError, toCameraError, type CameraError } from './errors'
import type { CameraState } from './parse'

export type ConnectionStatus = 'connected' | 'reconnecting' | 'lost'

export interface StateFollowerOptions {
  /** 'lost' after this many consecutive failures (default 3) … */
  lostAfterFailures?: number
  /** … or this long without an answer, as silent drops fail slowly (default 8 s). */
  lostAfterMs?: number
  /** Backoff cap between attempts after failures (default 5 s). */
  maxBackoffMs?: number
  /** Long-poll length for cameras that support waitTimeout (default 20 s). */
  waitTimeoutSeconds?: number
  /** Per-request timeout, shorter than a command's so a Wi-Fi drop shows soon (default 4 s). */
  requestTimeoutMs?: number
}

export type StateFollowerEvents = {
  state: [CameraState]
  status: [ConnectionStatus, CameraError | undefined]
}

export interface StateFollower {
  on: ReturnType<typeof createEmitter<StateFollowerEvents>>['on']
  readonly state: CameraState | undefined
  readonly status: ConnectionStatus
  /** Reads /osc/state now (e.g. right after a command) and emits it if it changed. */
  refresh(): Promise<CameraState>
  stop(): void
}

export interface FollowerDeps {
  commands: Pick<Commands, 'state' | 'checkForUpdates'>
  capabilities: CameraCapabilities
  clock: Clock
}

// THETA may ask for long throttles; we still want a clip the camera stopped itself noticed quickly.
const MAX_THROTTLE_MS = 2000

export function followState(deps: FollowerDeps, options: StateFollowerOptions = {}): StateFollower {
  const { commands, capabilities, clock } = deps
  const emitter = createEmitter<StateFollowerEvents>()
  const controller = new AbortController()
  const lostAfter = options.lostAfterFailures ?? 3
  const lostAfterMs = options.lostAfterMs ?? 8000
  let answeredAt = clock.now()
  const maxBackoff = options.maxBackoffMs ?? 5000
  const interval = capabilities.pollIntervalMs
  let state: CameraState | undefined
  let stateKey = ''
  let status: ConnectionStatus = 'connected'
  let fingerprint: string | undefined
  let useCheckForUpdates = capabilities.checkForUpdates
  const timeoutMs = options.requestTimeoutMs ?? 4000

  function setStatus(next: ConnectionStatus, error?: CameraError) {
    if (next === status) return
    status = next
    emitter.emit('status', next, error)
  }

  async function refresh(): Promise<CameraState> {
    const next = await commands.state(controller.signal, timeoutMs)
    fingerprint = next.fingerprint
    answeredAt = clock.now()
    setStatus('connected')
    const key = JSON.stringify(next)
    if (key !== stateKey) {
      stateKey = key
      state = next
      emitter.emit('state', next)
    }
    return next
  }

  /** One round; returns how long to wait before the next. */
  async function round(): Promise<number> {
    if (!useCheckForUpdates || fingerprint === undefined) {
      await refresh()
      return interval
    }
    const wait = capabilities.waitTimeout ? options.waitTimeoutSeconds ?? 20 : undefined
    let r: Awaited<ReturnType<typeof commands.checkForUpdates>>
    try {
      r = await commands.checkForUpdates(fingerprint, wait, controller.signal, timeoutMs)
    } catch (e) {
      // A camera that answers but does not implement checkForUpdates: poll /osc/state instead.
      if (!isCameraError(e, 'refused')) throw e
      useCheckForUpdates = false
      await refresh()
      return interval
    }
    if (r.fingerprint !== fingerprint) await refresh()
    else {
      answeredAt = clock.now()
      setStatus('connected')
    }
    return Math.max(interval, Math.min(r.throttleTimeoutSeconds * 1000, MAX_THROTTLE_MS))
  }

  async function run() {
    let failures = 0
    while (!controller.signal.aborted) {
      let pause: number
      try {
        pause = await round()
        failures = 0
      } catch (e) {
        if (controller.signal.aborted || isCameraError(e, 'aborted')) break
        failures += 1
        fingerprint = undefined
        const lost = failures >= lostAfter || clock.now() - answeredAt >= lostAfterMs
        setStatus(lost ? 'lost' : 'reconnecting', toCameraError(e))
        pause = Math.min(interval * 2 ** (failures - 1), maxBackoff)
      }
      try {
        await clock.sleep(pause, controller.signal)
      } catch {
        break
      }
    }
  }

  void run()

  return {
    on: emitter.on,
    get state() {
      return state
    },
    get status() {
      return status
    },
    refresh,
    stop: () => controller.abort(),
  }
}
