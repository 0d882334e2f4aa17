// What a camera can do, decided from /osc/info once at connect time (camera-osc.md).
import type { CameraInfo } from './parse'

export type ModelFamily = 'theta-x' | 'theta-z1' | 'theta-v' | 'theta-s' | 'theta' | 'insta360' | 'osc'

export interface CameraCapabilities {
  family: ModelFamily
  /** Levels from /osc/info; [1] when the camera omits apiLevel. */
  apiLevels: number[]
  livePreview: boolean
  /** THETA X keeps a 1024×512 live view while recording; other models end the stream. */
  previewWhileRecording: boolean
  /**
   * Whether the state says when the camera ends a clip by itself (`_captureStatus`). Insta360 ONE X2
   * does not, and refuses nothing that would tell: its clip end is not followed, and the coach is told so.
   */
  followsClipEnd: boolean
  /** Insta360: never a request before the previous answer. */
  oneCommandAtATime: boolean
  /** Shortest pause between polls of /osc/state or /osc/commands/status. */
  pollIntervalMs: number
  checkForUpdates: boolean
  /** Long-poll with checkForUpdates' waitTimeout; THETA documents it as unsupported. */
  waitTimeout: boolean
}

function familyOf(info: CameraInfo): ModelFamily {
  const model = info.model.toLowerCase()
  const maker = info.manufacturer.toLowerCase()
  if (model.includes('insta360') || maker.includes('insta360') || maker.includes('arashi')) return 'insta360'
  if (!model.includes('theta') && !maker.includes('ricoh')) return 'osc'
  if (/theta x\b/.test(model)) return 'theta-x'
  if (/theta z1\b/.test(model)) return 'theta-z1'
  if (/theta v\b/.test(model)) return 'theta-v'
  if (/theta (s|sc)$/.test(model.trim())) return 'theta-s'
  return 'theta'
}

export function detectCapabilities(info: CameraInfo): CameraCapabilities {
  const family = familyOf(info)
  const insta = family === 'insta360'
  const theta = family.startsWith('theta')
  return {
    family,
    apiLevels: info.apiLevels,
    livePreview: !insta,
    previewWhileRecording: family === 'theta-x',
    followsClipEnd: !insta,
    oneCommandAtATime: insta,
    pollIntervalMs: insta ? 1000 : 500,
    checkForUpdates: !insta,
    waitTimeout: !theta && !insta,
  }
}
