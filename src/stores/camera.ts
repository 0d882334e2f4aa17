import { defineStore, acceptHMRUpdate } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { connectCamera, isCameraError, type Camera, type CameraErrorCode, type CameraState, type CameraSummary, type ConnectionStatus, type StateFollower } from '../camera'
import { useNotices } from '../composables/useNotices'
import { useSettingsStore } from './settings'

/**
 * A camera failure as the screens explain it; never a raw exception text. `internal` is our own
 * fault (a TypeError, a Dexie error) met on the way: never blamed on the camera, always logged.
 */
export interface CameraProblem {
  code: CameraErrorCode | 'internal'
  cameraCode?: string
  blockedReason?: 'cors' | 'mixedContent'
}

export function toCameraProblem(error: unknown): CameraProblem {
  if (isCameraError(error)) return { code: error.code, cameraCode: error.cameraCode, blockedReason: error.blockedReason }
  // The screen explains it (camera.errors.internal); the log keeps what it was.
  void useNotices().report(error, 'camera', { quiet: true })
  return { code: 'internal' }
}

export type LinkStatus = 'idle' | 'connecting' | ConnectionStatus

/**
 * The link with the camera at the address in the settings: connecting, testing, and following
 * its state (battery, storage, recording) for as long as a screen needs it.
 */
export const useCameraStore = defineStore('camera', () => {
  const settings = useSettingsStore()
  const camera = shallowRef<Camera | null>(null)
  const summary = ref<CameraSummary | null>(null)
  const problem = ref<CameraProblem | null>(null)
  const status = ref<LinkStatus>('idle')
  const state = shallowRef<CameraState | null>(null)
  let follower: StateFollower | null = null
  let connecting: Promise<Camera | null> | null = null
  let connectedTo = ''

  const connected = computed(() => status.value === 'connected')

  function disconnect(): void {
    follower?.stop()
    follower = null
    camera.value = null
    state.value = null
    status.value = 'idle'
    connectedTo = ''
  }

  /** The camera at the configured address, connecting once; null (with `problem`) when it fails. */
  function connect(): Promise<Camera | null> {
    connecting ??= (async () => {
      // A screen opened straight from its address may ask before the app has read the settings.
      await settings.load()
      const address = settings.cameraAddress
      if (camera.value && connectedTo === address) return camera.value
      disconnect()
      status.value = 'connecting'
      problem.value = null
      try {
        const connectedCamera = await connectCamera({ baseUrl: address, timeoutMs: 8000 })
        camera.value = connectedCamera
        connectedTo = address
        status.value = 'connected'
        return connectedCamera
      } catch (error) {
        problem.value = toCameraProblem(error)
        status.value = 'lost'
        return null
      }
    })().finally(() => { connecting = null })
    return connecting
  }

  /** "Test verbinding": a fresh connection and what the coach wants to see of the camera. */
  async function testConnection(): Promise<boolean> {
    disconnect()
    summary.value = null
    const connectedCamera = await connect()
    if (!connectedCamera) return false
    try {
      summary.value = await connectedCamera.summary()
      return true
    } catch (error) {
      problem.value = toCameraProblem(error)
      return false
    }
  }

  /** Follows battery, storage and recording state, and the link itself, until `stopFollowing`. */
  async function startFollowing(): Promise<void> {
    const connectedCamera = await connect()
    if (!connectedCamera || follower) return
    follower = connectedCamera.follow()
    follower.on('state', (next) => { state.value = next })
    follower.on('status', (next) => { status.value = next })
    state.value = follower.state ?? null
  }

  function stopFollowing(): void {
    follower?.stop()
    follower = null
  }

  return { camera, summary, problem, status, state, connected, connect, disconnect, testConnection, startFollowing, stopFollowing }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCameraStore, import.meta.hot))
