/** `/osc/commands/execute`: the commands of API level 2 and of level 1 (THETA S before its upgrade). */
import { basename } from 'node:path'
import type { Camera } from './camera'
import { OscError } from './errors'
import { clipDurationMs, type StoredFile } from './files'
import { getOptions, setOptions } from './options'

export type Params = Record<string, unknown>

export type Outcome =
  /** `topLevel`: fields beside `state` in the answer (THETA X/Z1 put `_fileUrls` there); `name`: a firmware's own spelling. */
  | { kind: 'done'; results?: unknown; topLevel?: Record<string, unknown>; name?: string }
  | { kind: 'preview' }
  | { kind: 'file'; file: StoredFile }

type Handler = (c: Camera, p: Params) => Outcome | Promise<Outcome>

const done = (results?: unknown): Outcome => ({ kind: 'done', ...(results === undefined ? {} : { results }) })

const MAX_DELETE = 128
const SESSION_TIMEOUT_SEC = 180

function recordSeconds(f: StoredFile): number {
  return Math.round(clipDurationMs(f.clip) / 1000)
}

function notWhileRecording(c: Camera, what: string): void {
  if (c.isRecording()) throw new OscError('disabledCommand', `${what} is not allowed while recording`)
}

function listEntry(c: Camera, f: StoredFile): Record<string, unknown> {
  const seconds = recordSeconds(f)
  return {
    name: basename(f.path),
    fileUrl: c.url(f.path),
    size: f.size,
    width: f.clip.width,
    height: f.clip.height,
    dateTimeZone: c.clock.format(f.clip.startedAt),
    _recordTime: c.profile.recordTimeAsString ? String(seconds) : seconds,
    _frameRate: f.clip.fps,
    _codec: 'H.264/MPEG-4 AVC',
    // Insta360 files are per-lens videos, not a stitched equirectangular projection.
    ...(c.profile.id === 'insta360' ? {} : { _projectionType: 'Equirectangular' }),
    isProcessed: true,
    previewUrl: '',
  }
}

function preview(c: Camera): Outcome {
  if (!c.profile.previewFormats) throw new OscError('disabledCommand', 'Live preview is not supported')
  if (c.isRecording() && !c.profile.previewWhileRecording) {
    throw new OscError('disabledCommand', 'Live preview is not available while recording')
  }
  c.assertModeSettled()
  return { kind: 'preview' }
}

function int(p: Params, name: string, required: boolean): number | undefined {
  const v = p[name]
  if (v === undefined && !required) return undefined
  if (v === undefined) throw new OscError('missingParameter', `${name} is required`)
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new OscError('invalidParameterValue', `Invalid ${name}`)
  return v
}

function pathOfUrl(c: Camera, url: string): string {
  const path = url.startsWith('http') ? new URL(url).pathname : url
  if (!c.files.get(path)) throw new OscError('notFound', `No such file: ${url}`)
  return path
}

const getOptionsCommand: Handler = (c, p) => ({
  ...done({ options: getOptions(c, p.optionNames) }),
  ...(c.profile.getOptionsAnswerName ? { name: c.profile.getOptionsAnswerName } : {}),
})
const setOptionsCommand: Handler = (c, p) => {
  setOptions(c, p.options)
  return done()
}
const startCaptureCommand: Handler = (c) => {
  const urls = c.startCapture().map((p) => c.url(p))
  if (c.level === 1) return done()
  switch (c.profile.startCaptureNames) {
    case 'topLevelFileUrls': return { kind: 'done', topLevel: { _fileUrls: urls } }
    case 'resultsFileUrl': return done({ fileUrl: urls[0] })
    default: return done()
  }
}

const LEVEL2: Record<string, Handler> = {
  'camera.getOptions': getOptionsCommand,
  'camera.setOptions': setOptionsCommand,
  'camera.startCapture': startCaptureCommand,
  'camera.stopCapture': async (c) => {
    const files = await c.stopCapture()
    const fileUrls = files.map((f) => c.url(f.path))
    // Insta360 adds where the files sit on its own card.
    if (c.profile.insta360Answers) return done({ fileUrls, _localFileUrls: files.map((f) => `/storage/sdcard${f.path}`) })
    return done({ fileUrls })
  },
  'camera.getLivePreview': preview,
  'camera.listFiles': (c, p) => {
    notWhileRecording(c, 'listFiles')
    const fileType = p.fileType
    if (fileType === undefined) throw new OscError('missingParameter', 'fileType is required')
    if (fileType !== 'all' && fileType !== 'image' && fileType !== 'video') {
      throw new OscError('invalidParameterValue', 'Invalid fileType')
    }
    const entryCount = int(p, 'entryCount', true) ?? 0
    const start = int(p, 'startPosition', false) ?? 0
    // The emulator records video only, so "image" lists nothing.
    const all = fileType === 'image' ? [] : c.files.list()
    return done({ entries: all.slice(start, start + entryCount).map((f) => listEntry(c, f)), totalEntries: all.length })
  },
  'camera.delete': (c, p) => {
    notWhileRecording(c, 'delete')
    const urls = p.fileUrls
    if (!Array.isArray(urls)) throw new OscError('missingParameter', 'fileUrls is required')
    if (urls.length > MAX_DELETE) throw new OscError('tooManyParameters', `At most ${MAX_DELETE} files at once`)
    const everything = urls.length === 1 && (urls[0] === 'all' || urls[0] === 'video')
    c.deleteFiles(everything ? c.files.list().map((f) => f.path) : urls.map((u) => pathOfUrl(c, String(u))))
    return done()
  },
}

function level1File(c: Camera, p: Params): StoredFile {
  const uri = p.fileUri
  if (typeof uri !== 'string') throw new OscError('missingParameter', 'fileUri is required')
  const file = c.files.get(c.profile.storageRoot + uri)
  if (!file) throw new OscError('invalidParameterValue', `No such file: ${uri}`)
  return file
}

const LEVEL1: Record<string, Handler> = {
  'camera.startSession': (c) => done({ sessionId: c.startSession(), timeout: SESSION_TIMEOUT_SEC }),
  'camera.updateSession': (c) => done({ sessionId: c.sessionId, timeout: SESSION_TIMEOUT_SEC }),
  'camera.closeSession': (c) => {
    c.sessionId = null
    c.changed()
    return done()
  },
  'camera.getOptions': getOptionsCommand,
  'camera.setOptions': setOptionsCommand,
  'camera._startCapture': startCaptureCommand,
  // Level 1 answers without file names; the client reads `_latestFileUri` from the state.
  'camera._stopCapture': async (c) => {
    await c.stopCapture()
    return done()
  },
  'camera._getLivePreview': preview,
  'camera._listAll': (c, p) => {
    notWhileRecording(c, '_listAll')
    const entryCount = int(p, 'entryCount', true) ?? 0
    const token = p.continuationToken
    const start = typeof token === 'string' ? Number(token) || 0 : 0
    const all = c.files.list()
    const entries = all.slice(start, start + entryCount).map((f) => ({
      name: basename(f.path),
      // Level 1 names a file by a URI relative to the storage root instead of a URL.
      uri: f.path.slice(c.profile.storageRoot.length),
      size: f.size,
      dateTimeZone: c.clock.format(f.clip.startedAt),
      width: f.clip.width,
      height: f.clip.height,
      recordTime: recordSeconds(f),
    }))
    const next = start + entryCount
    return done({ entries, totalEntries: all.length, ...(next < all.length ? { continuationToken: String(next) } : {}) })
  },
  // Level 1 fetches a video by command, not by URL.
  'camera._getVideo': (c, p) => ({ kind: 'file', file: level1File(c, p) }),
  'camera.delete': (c, p) => {
    notWhileRecording(c, 'delete')
    c.deleteFiles([level1File(c, p).path])
    return done()
  },
}

export async function execute(c: Camera, name: unknown, params: Params): Promise<Outcome> {
  if (typeof name !== 'string') throw new OscError('missingParameter', 'name is required')
  const handler = (c.level === 1 ? LEVEL1 : LEVEL2)[name]
  if (!handler) throw new OscError('unknownCommand', `Unknown command: ${name}`)
  if (c.level === 1 && name !== 'camera.startSession') {
    if (params.sessionId === undefined) throw new OscError('missingParameter', 'sessionId is required')
    if (params.sessionId !== c.sessionId) throw new OscError('invalidSessionId', 'Invalid sessionId')
  }
  return handler(c, params)
}
