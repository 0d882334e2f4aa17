// Defensive readers for what cameras really send: missing fields, extra fields, numbers as strings
// (`_recordTime: "2"` on THETA X), batteryLevel 0..1 (or a percentage on some firmware).
import { CameraError } from './errors'

type Rec = Record<string, unknown>

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    throw new CameraError('badResponse', { cause: e })
  }
}

export function asRecord(v: unknown): Rec | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined
}

function requireRecord(v: unknown): Rec {
  const r = asRecord(v)
  if (!r) throw new CameraError('badResponse')
  return r
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v)
    return Number.isFinite(n) ? n : undefined
  }
  return undefined
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined
}

function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v
  return v === 'true' ? true : v === 'false' ? false : undefined
}

function list<T>(v: unknown, item: (x: unknown) => T | undefined): T[] {
  return Array.isArray(v) ? v.map(item).filter((x): x is T => x !== undefined) : []
}

export interface CameraInfo {
  manufacturer: string
  model: string
  serialNumber: string
  firmwareVersion: string
  /** OSC API levels the camera can speak; a camera that omits apiLevel speaks level 1 only. */
  apiLevels: number[]
  uptimeSeconds?: number
  gps?: boolean
  gyro?: boolean
}

export function parseInfo(v: unknown): CameraInfo {
  const r = requireRecord(v)
  const levels = list(r.apiLevel, num).filter((n) => n === 1 || n === 2)
  return {
    manufacturer: str(r.manufacturer) ?? '',
    model: str(r.model) ?? '',
    serialNumber: str(r.serialNumber) ?? '',
    firmwareVersion: str(r.firmwareVersion) ?? '',
    apiLevels: levels.length ? levels : [1],
    uptimeSeconds: num(r.uptime),
    gps: bool(r.gps),
    gyro: bool(r.gyro),
  }
}

/** 'unknown': the camera does not say (Insta360 ONE X2 has no `_captureStatus`). */
export type CaptureStatus = 'idle' | 'shooting' | 'paused' | 'countdown' | 'other' | 'unknown'

export interface CameraState {
  fingerprint: string
  /** 0..1 */
  batteryLevel?: number
  batteryState?: string
  captureStatus: CaptureStatus
  recordedSeconds: number
  recordableSeconds?: number
  /** Level 2: a file URL; level 1: a file id like `100RICOH/R0010017.MP4`. */
  latestFile?: string
  storageUri?: string
  /** The level the camera speaks right now; THETA S/SC fall back to 1 after a Wi-Fi drop. */
  apiVersion?: number
  sessionId?: string
  cameraErrors: string[]
  /** The `_cameraError` warnings a coach can act on; the rest (compass calibration …) are left out. */
  warnings: CameraWarning[]
}

export type CameraWarning = 'highTemperature' | 'cardFull'

function warningOf(code: string): CameraWarning | undefined {
  if (/TEMPERATURE/i.test(code)) return 'highTemperature'
  if (/^NO_MEMORY|CARD_FULL|STORAGE_FULL/i.test(code)) return 'cardFull'
  return undefined
}

function captureStatus(v: unknown): CaptureStatus {
  const s = str(v)?.toLowerCase()
  if (s === undefined) return 'unknown'
  if (s === 'idle') return 'idle'
  if (s === 'shooting' || s === 'recording') return 'shooting'
  if (s === 'paused') return 'paused'
  return s.includes('countdown') ? 'countdown' : 'other'
}

function batteryLevel(v: unknown): number | undefined {
  const n = num(v)
  if (n === undefined || n < 0) return undefined
  return n > 1 ? Math.min(n / 100, 1) : n
}

export function parseState(v: unknown): CameraState {
  const r = requireRecord(v)
  const s = requireRecord(r.state)
  return {
    fingerprint: str(r.fingerprint) ?? '',
    batteryLevel: batteryLevel(s.batteryLevel),
    batteryState: str(s._batteryState),
    captureStatus: captureStatus(s._captureStatus),
    recordedSeconds: Math.max(0, num(s._recordedTime) ?? 0),
    recordableSeconds: num(s._recordableTime),
    latestFile: str(s._latestFileUrl) || str(s._latestFileUri) || undefined,
    storageUri: str(s.storageUri),
    apiVersion: num(s._apiVersion),
    sessionId: str(s.sessionId),
    cameraErrors: list(s._cameraError, str),
    warnings: [...new Set(list(s._cameraError, str).map(warningOf).filter((w): w is CameraWarning => !!w))],
  }
}

export interface CommandReply {
  name?: string
  state: 'done' | 'inProgress' | 'error'
  id?: string
  results: Rec
  /** File URLs a newer THETA puts at the top level of the body, beside `state` (startCapture). */
  topLevelFileUrls: string[]
  errorCode?: string
  completion?: number
}

/** An OSC error code as sent, without the stray whitespace some firmware adds (Insta360: "invalidParameterName "). */
export function errorCodeOf(body: unknown): string | undefined {
  const code = str(asRecord(asRecord(body)?.error)?.code)?.trim()
  return code === undefined ? undefined : code || 'unknown'
}

export function parseCommandReply(v: unknown): CommandReply {
  const r = requireRecord(v)
  const error = asRecord(r.error)
  const declared = str(r.state)
  const state = declared === 'inProgress' || declared === 'error' ? declared : error ? 'error' : 'done'
  return {
    name: str(r.name),
    state,
    id: str(r.id),
    results: asRecord(r.results) ?? {},
    topLevelFileUrls: list(r._fileUrls, str).filter((u) => u !== ''),
    errorCode: error ? (errorCodeOf(r) ?? 'unknown') : undefined,
    completion: num(asRecord(r.progress)?.completion),
  }
}

export interface CameraFile {
  /** What delete/download take: the fileUrl (level 2) or the file id `uri` (level 1). */
  id: string
  name: string
  fileUrl?: string
  size?: number
  width?: number
  height?: number
  /** Camera clock, "YYYY:MM:DD hh:mm:ss+hh:mm"; coarse, start or end is unspecified. */
  dateTimeZone?: string
  /** dateTimeZone (else the stamp in an Insta360 name, VID_20240301_101500_…) as wall-clock ms: see wallTime. */
  wallTime?: number
  recordSeconds?: number
  frameRate?: number
  codec?: string
  projection?: string
  isVideo: boolean
}

const VIDEO_NAME = /\.(mp4|mov|insv|lrv)$/i
const WALL_TIME = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/
const NAME_STAMP = /_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})_/

function wallFields(m: RegExpExecArray | null): number | undefined {
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  return Number.isNaN(ms) ? undefined : ms
}

/**
 * The camera's wall clock ("YYYY:MM:DD hh:mm:ss…") as ms, its zone left out: only ever compared with
 * another reading of the same camera's clock, and not every answer carries the zone.
 */
export function wallTime(dateTimeZone: string | undefined): number | undefined {
  return dateTimeZone === undefined ? undefined : wallFields(WALL_TIME.exec(dateTimeZone))
}

export function parseFileEntry(v: unknown): CameraFile | undefined {
  const r = asRecord(v)
  const fileUrl = str(r?._fileUrl) ?? str(r?.fileUrl)
  const id = fileUrl || str(r?.uri)
  if (!r || !id) return undefined
  const name = str(r.name) ?? id.split('/').pop() ?? id
  const dateTimeZone = str(r.dateTimeZone)
  return {
    id,
    name,
    fileUrl: fileUrl || undefined,
    size: num(r.size),
    width: num(r.width),
    height: num(r.height),
    dateTimeZone,
    wallTime: wallTime(dateTimeZone) ?? wallFields(NAME_STAMP.exec(name)),
    recordSeconds: num(r._recordTime) ?? num(r.recordTime),
    frameRate: num(r._frameRate),
    codec: str(r._codec),
    projection: str(r._projectionType),
    isVideo: VIDEO_NAME.test(name),
  }
}

export interface FileList {
  files: CameraFile[]
  totalEntries?: number
  /** Level 1 (`camera._listAll`) pages with a token instead of a start position. */
  continuationToken?: string
}

export function parseFileList(results: Rec): FileList {
  return {
    files: list(results.entries, parseFileEntry),
    totalEntries: num(results.totalEntries),
    continuationToken: str(results.continuationToken),
  }
}

export interface PreviewFormat {
  width: number
  height: number
  framerate: number
}

function previewFormat(v: unknown): PreviewFormat | undefined {
  const r = asRecord(v)
  const width = num(r?.width)
  const height = num(r?.height)
  if (width === undefined || height === undefined) return undefined
  return { width, height, framerate: num(r?.framerate) ?? 0 }
}

export interface CameraOptions {
  captureMode?: string
  previewFormat?: PreviewFormat
  previewFormatSupport: PreviewFormat[]
  maxRecordableTime?: number
  maxRecordableTimeSupport: number[]
  dateTimeZone?: string
  remainingSpace?: number
  totalSpace?: number
  /** Everything the camera sent, for options this type does not name. */
  raw: Rec
}

export function parseOptions(results: Rec): CameraOptions {
  const o = asRecord(results.options) ?? {}
  return {
    captureMode: str(o.captureMode),
    previewFormat: previewFormat(o.previewFormat),
    previewFormatSupport: list(o.previewFormatSupport, previewFormat),
    maxRecordableTime: num(o._maxRecordableTime),
    maxRecordableTimeSupport: list(o._maxRecordableTimeSupport, num),
    dateTimeZone: str(o.dateTimeZone),
    remainingSpace: num(o.remainingSpace),
    totalSpace: num(o.totalSpace),
    raw: o,
  }
}
