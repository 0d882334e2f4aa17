/** What differs between the emulated cameras: identity, names, formats and quirks (camera-osc.md). */

export const MODEL_IDS = ['theta-x', 'theta-z1', 'theta-s', 'theta-s-level1', 'theta-sc2', 'theta-sc2b', 'insta360'] as const
export type ModelId = (typeof MODEL_IDS)[number]

export interface VideoFormat {
  width: number
  height: number
  framerate: number
}

export interface ModelProfile {
  id: ModelId
  /** /osc/info without `uptime`, which the camera adds. */
  info: Record<string, unknown>
  /** THETA S boots speaking API level 1 and must be upgraded with clientVersion 2. */
  startsAtLevel: 1 | 2
  /** URL path under which the camera serves its files (`storageUri`). */
  storageRoot: string
  /**
   * Name(s) under storageRoot of the file(s) a video becomes; several for Insta360 (one per lens).
   * `local`'s UTC fields are the camera's wall time at the start.
   */
  videoPaths(index: number, local: Date): string[]
  /** null: no live preview over OSC (Insta360). */
  previewFormats: VideoFormat[] | null
  /** THETA X keeps a 1024×512 live view while recording; the others end the stream. */
  previewWhileRecording: VideoFormat | null
  recordingFormats: VideoFormat[]
  maxRecordableTimeSupport: number[] | null
  defaultMaxRecordableTime: number
  /** THETA X firmware reports `_recordTime` in listFiles as a string. */
  recordTimeAsString: boolean
  /** Insta360: needs X-XSRF-Protected: 1 and refuses a command while another is being answered. */
  xsrfAndOneAtATime: boolean
  commandLatencyMs: number
  batteryLevel: number
  /** State fields only this model reports. */
  extraState: Record<string, unknown>
  /** Warnings this model keeps in `_cameraError` while idle (a THETA X asks for compass calibration). */
  idleWarnings: string[]
  /**
   * How startCapture names the new file: X ≥ 2.61 and Z1 ≥ 3.60.3 put `_fileUrls` at the top level
   * of the answer, SC2 for Business a singular `results.fileUrl`; older firmware names nothing.
   */
  startCaptureNames: 'none' | 'topLevelFileUrls' | 'resultsFileUrl'
  /** SC2: `storageUri` without the trailing slash. */
  storageUriSlash: boolean
  /** One SC2 firmware answers getOptions as "camera.getOpions". */
  getOptionsAnswerName?: string
  /** Some firmware answers checkForUpdates with the fingerprint only. */
  throttleTimeout: boolean
  /**
   * Insta360 ONE X2: a state of only batteryLevel (integer), storageUri and `_cardState` — no
   * `_captureStatus` —, 0 for total/remainingSpace, error bodies without name and state, one code
   * with a trailing space, and `_localFileUrls` beside the stop answer's URLs.
   */
  insta360Answers: boolean
  /** The `gpsInfo` option: THETA X fills it with the 65535 "no fix" sentinel, Z1 with `{}`; null: none. */
  gpsInfo: Record<string, unknown> | null
}

const THETA_API = ['/osc/info', '/osc/state', '/osc/checkForUpdates', '/osc/commands/execute', '/osc/commands/status']
const ENDPOINTS = { httpPort: 80, httpUpdatesPort: 80 }
const THETA_SUPPORT = 'https://theta360.com/en/support/'
const P1024: VideoFormat = { width: 1024, height: 512, framerate: 30 }
const P1920: VideoFormat = { width: 1920, height: 960, framerate: 30 }

function ricohPaths(index: number): string[] {
  return [`100RICOH/R${String(10000 + index).padStart(7, '0')}.MP4`]
}

function insta360Paths(index: number, local: Date): string[] {
  const stamp = local.toISOString().slice(0, 19).replace(/-|:/g, '').replace('T', '_')
  const seq = String(index).padStart(3, '0')
  return [`Camera01/VID_${stamp}_00_${seq}.mp4`, `Camera01/VID_${stamp}_10_${seq}.mp4`]
}

const SC2_INFO = {
  manufacturer: 'RICOH', serialNumber: '40100123', firmwareVersion: '01.64', supportUrl: THETA_SUPPORT,
  gps: false, gyro: true, endpoints: ENDPOINTS, api: THETA_API, apiLevel: [2],
}

function sc2(id: 'theta-sc2' | 'theta-sc2b', model: string): ModelProfile {
  return {
    id,
    info: { ...SC2_INFO, model },
    startsAtLevel: 2,
    storageRoot: '/files/',
    videoPaths: ricohPaths,
    previewFormats: [P1024, P1920],
    previewWhileRecording: null,
    recordingFormats: [P1024],
    maxRecordableTimeSupport: [180, 300],
    defaultMaxRecordableTime: 180,
    recordTimeAsString: false,
    xsrfAndOneAtATime: false,
    commandLatencyMs: 20,
    batteryLevel: 0.75,
    extraState: {},
    gpsInfo: null,
    idleWarnings: [],
    startCaptureNames: id === 'theta-sc2b' ? 'resultsFileUrl' : 'none',
    storageUriSlash: false,
    ...(id === 'theta-sc2' ? { getOptionsAnswerName: 'camera.getOpions' } : {}),
    throttleTimeout: false,
    insta360Answers: false,
  }
}

const Z1_STORAGE_ID = '150100524436344d4201375fda9dc400'

/** Whether a model that boots at level 1 can be upgraded (clientVersion 2): its /osc/info lists level 2. */
export function upgradesToLevel2(profile: ModelProfile): boolean {
  return Array.isArray(profile.info.apiLevel) && profile.info.apiLevel.includes(2)
}

// THETA S firmware 01.90: boots speaking level 1 with sessions; can be upgraded to level 2.
const THETA_S: ModelProfile = {
  id: 'theta-s',
  info: {
    manufacturer: 'RICOH', model: 'RICOH THETA S', serialNumber: '00105377', firmwareVersion: '01.90',
    supportUrl: THETA_SUPPORT, gps: false, gyro: false, endpoints: ENDPOINTS, api: THETA_API, apiLevel: [1, 2],
  },
  startsAtLevel: 1,
  storageRoot: '/files/',
  videoPaths: ricohPaths,
  previewFormats: [{ width: 640, height: 320, framerate: 10 }],
  previewWhileRecording: null,
  recordingFormats: [P1024],
  maxRecordableTimeSupport: [300, 1500],
  defaultMaxRecordableTime: 1500,
  recordTimeAsString: false,
  xsrfAndOneAtATime: false,
  commandLatencyMs: 30,
  batteryLevel: 0.67,
  extraState: {},
  gpsInfo: null,
  idleWarnings: [],
  startCaptureNames: 'none',
  storageUriSlash: true,
  throttleTimeout: false,
  insta360Answers: false,
}

export const MODELS: Record<ModelId, ModelProfile> = {
  'theta-x': {
    id: 'theta-x',
    info: {
      manufacturer: 'RICOH', model: 'RICOH THETA X', serialNumber: '10010065', firmwareVersion: '2.61.0',
      supportUrl: THETA_SUPPORT, gps: true, gyro: true, endpoints: ENDPOINTS, api: THETA_API, apiLevel: [2],
      _wlanMacAddress: '58:38:79:03:17:AA', _bluetoothMacAddress: '58:38:79:03:0C:EB',
    },
    startsAtLevel: 2,
    storageRoot: '/files/',
    videoPaths: ricohPaths,
    previewFormats: [P1024, P1920, { width: 3840, height: 1920, framerate: 30 }],
    previewWhileRecording: P1024,
    recordingFormats: [P1024, P1920],
    maxRecordableTimeSupport: [300, 1500, 3000, 7200],
    defaultMaxRecordableTime: 1500,
    recordTimeAsString: true,
    xsrfAndOneAtATime: false,
    commandLatencyMs: 15,
    batteryLevel: 0.88,
    extraState: {
      _batteryInsert: true, _currentStorage: 'IN', _storageID: '90014a68423861503e030277e0c2b500',
      _cameraTemp: 38, _batteryTemp: 31, _boardTemp: 40,
    },
    idleWarnings: ['COMPASS_CALIBRATION'],
    gpsInfo: { lat: 65535, lng: 65535, _altitude: 0, _dateTimeZone: '', _datum: '' },
    startCaptureNames: 'topLevelFileUrls',
    storageUriSlash: true,
    throttleTimeout: true,
    insta360Answers: false,
  },
  'theta-z1': {
    id: 'theta-z1',
    info: {
      manufacturer: 'RICOH', model: 'RICOH THETA Z1', serialNumber: '10010066', firmwareVersion: '3.60.3',
      supportUrl: THETA_SUPPORT, gps: false, gyro: true, endpoints: ENDPOINTS, api: THETA_API, apiLevel: [2],
      _wlanMacAddress: '58:38:79:03:17:AB', _bluetoothMacAddress: '58:38:79:03:0C:EC',
    },
    startsAtLevel: 2,
    // Z1 puts its storage id in every file URL.
    storageRoot: `/files/${Z1_STORAGE_ID}/`,
    videoPaths: ricohPaths,
    previewFormats: [P1024, { width: 1024, height: 512, framerate: 8 }, { width: 1920, height: 960, framerate: 8 }, { width: 640, height: 320, framerate: 30 }],
    previewWhileRecording: null,
    recordingFormats: [P1024, P1920],
    maxRecordableTimeSupport: [300, 1500, 3000, 7200],
    defaultMaxRecordableTime: 300,
    recordTimeAsString: false,
    xsrfAndOneAtATime: false,
    commandLatencyMs: 15,
    batteryLevel: 0.9,
    extraState: { _batteryTemp: 23, _boardTemp: 24 },
    gpsInfo: {},
    idleWarnings: [],
    startCaptureNames: 'topLevelFileUrls',
    storageUriSlash: true,
    throttleTimeout: true,
    insta360Answers: false,
  },
  'theta-s': THETA_S,
  // Firmware before 01.42 (API 2.0): no apiLevel in /osc/info, level 1 only — sessions,
  // camera._startCapture/_stopCapture, _listAll and _getVideo for everything.
  'theta-s-level1': {
    ...THETA_S,
    id: 'theta-s-level1',
    info: { ...Object.fromEntries(Object.entries(THETA_S.info).filter(([k]) => k !== 'apiLevel')), serialNumber: '00100042', firmwareVersion: '01.11' },
  },
  'theta-sc2': sc2('theta-sc2', 'RICOH THETA SC2'),
  'theta-sc2b': sc2('theta-sc2b', 'RICOH THETA SC2 for Business'),
  insta360: {
    id: 'insta360',
    info: {
      manufacturer: 'Arashi Vision', model: 'Insta360 ONE X2', serialNumber: 'IXE2020ABCDEF', firmwareVersion: 'v1.0.59',
      supportUrl: 'https://www.insta360.com/support', gps: false, gyro: true, endpoints: ENDPOINTS, api: THETA_API,
      apiLevel: [2],
    },
    startsAtLevel: 2,
    storageRoot: '/DCIM/',
    videoPaths: insta360Paths,
    previewFormats: null,
    previewWhileRecording: null,
    recordingFormats: [P1024],
    maxRecordableTimeSupport: null,
    defaultMaxRecordableTime: 7200,
    recordTimeAsString: false,
    xsrfAndOneAtATime: true,
    // Long enough that a client firing two commands at once really overlaps them.
    commandLatencyMs: 150,
    // ONE X2 reports an integer: 1 when full.
    batteryLevel: 1,
    extraState: { _cardState: 'pass' },
    gpsInfo: null,
    idleWarnings: [],
    startCaptureNames: 'none',
    storageUriSlash: true,
    throttleTimeout: true,
    insta360Answers: true,
  },
}

export function isModelId(s: string): s is ModelId {
  return (MODEL_IDS as readonly string[]).includes(s)
}
