/** The emulated camera's state: API level, session, options, recording, storage and state fingerprint. */
import { EventEmitter } from 'node:events'
import { CameraClock } from './clock'
import { OscError } from './errors'
import type { Faults } from './faults'
import { FileStore, clipDurationMs, type Clip, type StoredFile } from './files'
import type { ModelProfile, VideoFormat } from './models'
import { padMp4 } from './mp4-pad'
import { LiveClip, encodeClip } from './recorder'

export interface CameraSettings {
  profile: ModelProfile
  moov: 'start' | 'end'
  dataDir: string
  /** How long after a captureMode change capture and preview are refused (camera-osc.md: wait ≥ 1 s). */
  modeSwitchMs: number
  /** Absolute URL of the emulator, without trailing slash (file URLs are absolute on a THETA). */
  baseUrl(): string
}

export interface SeedOptions {
  durationSec: number
  /** Grow the file to this size with filler (see mp4-pad.ts). */
  targetBytes?: number
  /** Alternative to targetBytes: the size this bitrate would give over the duration. */
  bitrateMbps?: number
}

interface Recording {
  clip: LiveClip
  paths: string[]
  startedAtCameraMs: number
  startedAt: number
  ticker: NodeJS.Timeout
  limiter: NodeJS.Timeout
  stopping?: Promise<StoredFile[]>
}

type CameraEvents = { state: []; capture: [recording: boolean]; mode: []; level: [] }

export const TOTAL_SPACE = 64 * 1024 ** 3

export class Camera extends EventEmitter<CameraEvents> {
  readonly profile: ModelProfile
  readonly clock = new CameraClock()
  readonly files: FileStore
  private readonly bootMs = performance.now()
  level: 1 | 2
  sessionId: string | null = null
  private sessions = 0
  /** Body bytes of files served so far (what clients fetched), for tests and benchmarks. */
  fileBytesSent = 0
  captureMode: 'image' | 'video' = 'image'
  private modeChangedAt = -Infinity
  previewFormat: VideoFormat | null
  fileFormat: VideoFormat
  maxRecordableTime: number
  private fingerprintCount = 1
  private recording: Recording | null = null
  latestFile: string | null = null
  /** Aborted by close(): kills seeds still encoding. */
  private readonly closing = new AbortController()

  constructor(private readonly settings: CameraSettings, readonly faults: Faults) {
    super()
    this.profile = settings.profile
    this.level = settings.profile.startsAtLevel
    this.previewFormat = settings.profile.previewFormats?.[0] ?? null
    this.fileFormat = settings.profile.recordingFormats[0] ?? { width: 1024, height: 512, framerate: 30 }
    this.maxRecordableTime = settings.profile.defaultMaxRecordableTime
    this.files = new FileStore(settings.dataDir)
  }

  uptimeMs(): number {
    return performance.now() - this.bootMs
  }

  url(path: string): string {
    return this.settings.baseUrl() + path
  }

  fingerprint(): string {
    return `FIG_${String(this.fingerprintCount).padStart(4, '0')}`
  }

  /** Call whenever anything /osc/state shows changes. */
  changed(): void {
    this.fingerprintCount++
    this.emit('state')
  }

  isRecording(): boolean {
    return this.recording !== null
  }

  /** Exact ms recorded so far (0 when idle); `_recordedTime` is this in whole seconds. */
  recordedMs(): number {
    return this.recording?.clip.elapsedMs() ?? 0
  }

  clipLimitSec(): number {
    return this.faults.state.clipLimitSec ?? this.maxRecordableTime
  }

  batteryLevel(): number {
    return this.faults.state.lowBattery ? 0.05 : this.profile.batteryLevel
  }

  remainingSpace(): number {
    if (this.faults.state.storageFull) return 0
    return TOTAL_SPACE - this.files.list().reduce((sum, f) => sum + f.size, 0)
  }

  recordableSec(): number {
    if (this.faults.state.storageFull) return 0
    return Math.max(0, this.clipLimitSec() - Math.floor(this.recordedMs() / 1000))
  }

  setCaptureMode(mode: 'image' | 'video'): void {
    if (mode === this.captureMode) return
    if (this.recording) throw new OscError('disabledCommand', 'Cannot change captureMode while recording')
    this.captureMode = mode
    this.modeChangedAt = performance.now()
    this.emit('mode')
  }

  /** Capture and preview wait until a mode switch has settled. */
  assertModeSettled(): void {
    if (performance.now() - this.modeChangedAt < this.settings.modeSwitchMs) {
      throw new OscError('serviceUnavailable', 'Capture mode is switching; retry in a moment')
    }
  }

  setLevel(level: 1 | 2): void {
    if (level === this.level) return
    this.level = level
    this.sessionId = null
    this.emit('level')
    this.changed()
  }

  startSession(): string {
    this.sessionId = `SID_${String(++this.sessions).padStart(4, '0')}`
    this.changed()
    return this.sessionId
  }

  /** The link dropped: a THETA S forgets the upgrade to level 2 and its session. */
  wifiDropped(): void {
    if (this.profile.startsAtLevel === 1) {
      this.setLevel(1)
      this.sessionId = null
    }
  }

  private newPaths(startedAt: number): string[] {
    return this.profile.videoPaths(this.files.nextIndex(), this.clock.local(startedAt))
      .map((name) => this.profile.storageRoot + name)
  }

  /** Returns the URL paths the clip's files will have. */
  startCapture(): string[] {
    if (this.captureMode !== 'video') throw new OscError('disabledCommand', 'captureMode is not video')
    if (this.recording) throw new OscError('disabledCommand', 'Already recording')
    this.assertModeSettled()
    if (this.faults.state.lowBattery) {
      throw new OscError('disabledCommand', 'CANNOT_RECORD_LOWBAT: battery level too low to record video')
    }
    if (this.faults.state.storageFull) throw new OscError('disabledCommand', 'NO_MEMORY: not enough storage to record')
    const startedAt = this.clock.now()
    const paths = this.newPaths(startedAt)
    const first = paths[0] ?? ''
    const startedAtCameraMs = this.uptimeMs()
    const size = { width: this.fileFormat.width, height: this.fileFormat.height, fps: this.fileFormat.framerate }
    const clip = new LiveClip(
      { size, moov: this.settings.moov, file: this.files.diskPath(first), worldStartMs: startedAtCameraMs },
      this.clipLimitSec() * size.fps,
    )
    // `_recordedTime` ticks each whole second of the clip, and with it the fingerprint.
    const ticker = setInterval(() => this.changed(), 1000)
    this.recording = { clip, paths, startedAtCameraMs, startedAt, ticker, limiter: this.limitTimer(clip) }
    this.emit('capture', true)
    this.changed()
    return paths
  }

  // The camera ends a clip by itself at its maximum recordable time.
  private limitTimer(clip: LiveClip): NodeJS.Timeout {
    const limitMs = this.clipLimitSec() * 1000
    return setTimeout(() => {
      this.stopCapture(this.clipLimitSec() * clip.spec.size.fps).catch(() => {})
    }, Math.max(0, limitMs - clip.elapsedMs()))
  }

  /** A changed limit (fault) applies to the running clip too. */
  limitChanged(): void {
    if (!this.recording) return
    clearTimeout(this.recording.limiter)
    this.recording.clip.maxFrames = this.clipLimitSec() * this.recording.clip.spec.size.fps
    this.recording.limiter = this.limitTimer(this.recording.clip)
  }

  async stopCapture(frames?: number): Promise<StoredFile[]> {
    const rec = this.recording
    if (!rec) throw new OscError('disabledCommand', 'Not recording')
    rec.stopping ??= this.finish(rec, frames)
    return rec.stopping
  }

  private async finish(rec: Recording, frames?: number): Promise<StoredFile[]> {
    clearInterval(rec.ticker)
    clearTimeout(rec.limiter)
    try {
      const written = await rec.clip.stop(frames)
      const size = rec.clip.spec.size
      const grow = this.faults.takeClipGrowth()
      if (grow !== null) await padMp4(this.files.diskPath(rec.paths[0] ?? ''), grow)
      return await this.store({
        paths: rec.paths, width: size.width, height: size.height, fps: size.fps, frames: written,
        startedAtCameraMs: rec.startedAtCameraMs, startedAt: rec.startedAt, zone: this.clock.zone, seeded: false,
      })
    } finally {
      this.recording = null
      this.emit('capture', false)
      this.changed()
    }
  }

  private async store(clip: Clip): Promise<StoredFile[]> {
    const stored = await this.files.add(clip)
    this.latestFile = clip.paths[0] ?? null
    return stored
  }

  /** A finished clip that "ended just now", encoded as fast as possible instead of in real time. */
  async seed(opts: SeedOptions): Promise<StoredFile[]> {
    const { width, height, framerate: fps } = this.fileFormat
    const frames = Math.max(1, Math.round(opts.durationSec * fps))
    const durationMs = (frames * 1000) / fps
    const startedAt = this.clock.now() - durationMs
    const startedAtCameraMs = this.uptimeMs() - durationMs
    const paths = this.newPaths(startedAt)
    const file = this.files.diskPath(paths[0] ?? '')
    await encodeClip({ size: { width, height, fps }, moov: this.settings.moov, file, worldStartMs: startedAtCameraMs },
      frames, this.closing.signal)
    const target = opts.targetBytes ?? (opts.bitrateMbps ? (opts.bitrateMbps * 1e6 * durationMs) / 8000 : 0)
    if (target) await padMp4(file, Math.round(target))
    const stored = await this.store({
      paths, width, height, fps, frames, startedAtCameraMs, startedAt, zone: this.clock.zone, seeded: true,
    })
    this.changed()
    return stored
  }

  deleteFiles(paths: string[]): void {
    for (const p of paths) this.files.remove(p)
    if (this.latestFile && !this.files.get(this.latestFile)) this.latestFile = null
    this.changed()
  }

  /** Internal truth for tests. */
  status() {
    const rec = this.recording
    return {
      model: this.profile.id,
      uptimeMs: this.uptimeMs(),
      apiLevel: this.level,
      sessionId: this.sessionId,
      captureMode: this.captureMode,
      fileBytesSent: this.fileBytesSent,
      recording: rec
        ? { startedAtCameraMs: rec.startedAtCameraMs, elapsedMs: rec.clip.elapsedMs(), limitSec: this.clipLimitSec(), paths: rec.paths }
        : null,
      clips: this.files.clips().map((c) => ({
        fileUrls: c.paths.map((p) => this.url(p)),
        startedAtCameraMs: c.startedAtCameraMs,
        durationMs: clipDurationMs(c),
        frames: c.frames,
        width: c.width,
        height: c.height,
        fps: c.fps,
        sizes: c.paths.map((p) => this.files.get(p)?.size ?? null),
        seeded: c.seeded,
      })),
      faults: { ...this.faults.state, wifiDown: this.faults.wifiDown() },
    }
  }

  close(): void {
    this.closing.abort()
    if (!this.recording) return
    clearInterval(this.recording.ticker)
    clearTimeout(this.recording.limiter)
    this.recording.clip.kill()
    this.recording = null
  }
}
