/** The body of `POST /osc/state`, in the names of the camera's API level (camera-osc.md, Endpoints). */
import type { Camera } from './camera'

function storageUri(c: Camera): string {
  const uri = c.url(c.profile.storageRoot)
  return c.profile.storageUriSlash ? uri : uri.replace(/\/$/, '')
}

/** `_cameraError`: the model's standing warnings and those the faults switch on. */
export function cameraWarnings(c: Camera): string[] {
  const f = c.faults.state
  return [
    ...c.profile.idleWarnings,
    ...(f.highTemperature ? ['HIGH_TEMPERATURE_WARNING'] : []),
    ...(f.lowBattery ? ['NOT_ENOUGH_BATTERY'] : []),
    ...(f.storageFull ? ['NO_MEMORY'] : []),
  ]
}

export function stateOf(c: Camera): Record<string, unknown> {
  const latest = c.latestFile
  if (c.profile.insta360Answers) {
    return {
      fingerprint: c.fingerprint(),
      state: { batteryLevel: Math.round(c.batteryLevel()), storageUri: storageUri(c), ...c.profile.extraState },
    }
  }
  const common = {
    batteryLevel: c.batteryLevel(),
    _captureStatus: c.isRecording() ? 'shooting' : 'idle',
    _recordedTime: Math.floor(c.recordedMs() / 1000),
    // In image mode a THETA reports no recording time at all: 0, which is not "the card is full".
    _recordableTime: c.captureMode === 'image' && !c.isRecording() ? 0 : c.recordableSec(),
    _batteryState: 'disconnect',
    _apiVersion: c.level,
  }
  const state = c.level === 1
    ? { sessionId: c.sessionId ?? '', storageChanged: false, ...common, _latestFileUri: latest?.slice(c.profile.storageRoot.length) ?? '' }
    : {
        ...common,
        storageUri: storageUri(c),
        _latestFileUrl: latest ? c.url(latest) : '',
        _cameraError: cameraWarnings(c),
        ...c.profile.extraState,
      }
  return { fingerprint: c.fingerprint(), state }
}
