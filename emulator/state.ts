/** The body of `POST /osc/state`, in the names of the camera's API level (camera-osc.md, Endpoints). */
import type { Camera } from './camera'

export function stateOf(c: Camera): Record<string, unknown> {
  const latest = c.latestFile
  const common = {
    batteryLevel: c.batteryLevel(),
    _captureStatus: c.isRecording() ? 'shooting' : 'idle',
    _recordedTime: Math.floor(c.recordedMs() / 1000),
    _recordableTime: c.recordableSec(),
    _batteryState: 'disconnect',
    _apiVersion: c.level,
  }
  const state = c.level === 1
    ? { sessionId: c.sessionId ?? '', storageChanged: false, ...common, _latestFileUri: latest?.slice(c.profile.storageRoot.length) ?? '' }
    : {
        ...common,
        storageUri: c.url(c.profile.storageRoot),
        _latestFileUrl: latest ? c.url(latest) : '',
        _cameraError: [
          ...(c.faults.state.lowBattery ? ['NOT_ENOUGH_BATTERY'] : []),
          ...(c.faults.state.storageFull ? ['NO_MEMORY'] : []),
        ],
        ...c.profile.extraState,
      }
  return { fingerprint: c.fingerprint(), state }
}
