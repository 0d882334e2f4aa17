/** camera.getOptions / camera.setOptions: each option's value, its `…Support` list and its setter. */
import type { Camera } from './camera'
import { TOTAL_SPACE } from './camera'
import { OscError } from './errors'
import { upgradesToLevel2, type VideoFormat } from './models'

interface OptionDef {
  available(c: Camera): boolean
  get(c: Camera): unknown
  support?(c: Camera): unknown
  /** Returns false for a value the camera does not accept. */
  set?(c: Camera, value: unknown): boolean
}

const always = () => true

function sameFormat(a: unknown, b: VideoFormat, rate: 'framerate' | '_frameRate'): boolean {
  const v = a as Record<string, unknown> | null
  return !!v && v.width === b.width && v.height === b.height && (v[rate] === undefined || v[rate] === b.framerate)
}

function fileFormatOf(c: Camera, f: VideoFormat): Record<string, unknown> {
  // Level 1 (THETA S, API v2.0) knows only type/width/height.
  return c.level === 1
    ? { type: 'mp4', width: f.width, height: f.height }
    : { type: 'mp4', width: f.width, height: f.height, _codec: 'H.264/MPEG-4 AVC', _frameRate: f.framerate }
}

// Level 1 calls video mode `_video`.
function videoModeName(c: Camera): string {
  return c.level === 1 ? '_video' : 'video'
}

const OPTIONS: Record<string, OptionDef> = {
  captureMode: {
    available: always,
    get: (c) => (c.captureMode === 'video' ? videoModeName(c) : 'image'),
    support: (c) => ['image', videoModeName(c)],
    set(c, v) {
      if (v !== 'image' && v !== videoModeName(c)) return false
      c.setCaptureMode(v === 'image' ? 'image' : 'video')
      return true
    },
  },
  previewFormat: {
    available: (c) => c.level === 2 && c.profile.previewFormats !== null,
    get: (c) => c.previewFormat,
    support: (c) => c.profile.previewFormats,
    set(c, v) {
      const match = c.profile.previewFormats?.find((f) => sameFormat(v, f, 'framerate'))
      if (!match) return false
      c.previewFormat = match
      c.emit('mode')
      return true
    },
  },
  fileFormat: {
    available: always,
    get: (c) => fileFormatOf(c, c.fileFormat),
    support: (c) => c.profile.recordingFormats.map((f) => fileFormatOf(c, f)),
    set(c, v) {
      const match = c.profile.recordingFormats.find((f) => sameFormat(v, f, '_frameRate'))
      if (!match || (v as { type?: unknown }).type !== 'mp4') return false
      if (c.isRecording()) throw new OscError('disabledCommand', 'Cannot change fileFormat while recording')
      c.fileFormat = match
      return true
    },
  },
  _maxRecordableTime: {
    available: (c) => c.profile.maxRecordableTimeSupport !== null,
    get: (c) => c.maxRecordableTime,
    support: (c) => c.profile.maxRecordableTimeSupport,
    set(c, v) {
      if (typeof v !== 'number' || !c.profile.maxRecordableTimeSupport?.includes(v)) return false
      c.maxRecordableTime = v
      c.limitChanged()
      c.changed()
      return true
    },
  },
  dateTimeZone: {
    available: always,
    get: (c) => c.clock.format(c.clock.now()),
    set: (c, v) => c.clock.set(v),
  },
  // Insta360 ONE X2 reports 0 for both.
  remainingSpace: { available: always, get: (c) => (c.profile.insta360Answers ? 0 : c.remainingSpace()) },
  totalSpace: { available: always, get: (c) => (c.profile.insta360Answers ? 0 : TOTAL_SPACE) },
  gpsInfo: { available: (c) => c.profile.gpsInfo !== null, get: (c) => c.profile.gpsInfo },
  // THETA S: clientVersion 2 switches the camera to API level 2 (v2.1).
  clientVersion: {
    available: (c) => c.profile.startsAtLevel === 1 && upgradesToLevel2(c.profile),
    get: (c) => c.level,
    set(c, v) {
      if (v !== 1 && v !== 2) return false
      c.setLevel(v)
      return true
    },
  },
}

function lookup(c: Camera, name: string): { def: OptionDef; wantsSupport: boolean } {
  const wantsSupport = name.endsWith('Support')
  const def = OPTIONS[wantsSupport ? name.slice(0, -'Support'.length) : name]
  if (!def || !def.available(c) || (wantsSupport && !def.support)) {
    throw new OscError('invalidParameterName', `Unknown option: ${name}`)
  }
  return { def, wantsSupport }
}

export function getOptions(c: Camera, names: unknown): Record<string, unknown> {
  if (!Array.isArray(names)) throw new OscError('missingParameter', 'optionNames is required')
  return Object.fromEntries(names.map((name: unknown) => {
    const { def, wantsSupport } = lookup(c, String(name))
    return [name, wantsSupport ? def.support?.(c) : def.get(c)]
  }))
}

export function setOptions(c: Camera, options: unknown): void {
  if (!options || typeof options !== 'object') throw new OscError('missingParameter', 'options is required')
  const entries = Object.entries(options)
  // Check every name first so a bad one changes nothing.
  const defs = entries.map(([name]) => {
    const { def, wantsSupport } = lookup(c, name)
    if (wantsSupport || !def.set) throw new OscError('invalidParameterName', `Option cannot be set: ${name}`)
    return def
  })
  entries.forEach(([name, value], i) => {
    if (!defs[i]?.set?.(c, value)) throw new OscError('invalidParameterValue', `Invalid value for ${name}`)
  })
}
