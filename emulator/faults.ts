/** Faults tests switch on, through `Emulator.faults` or the `/_emulator/…` control endpoint. */

export type WifiDropMode = 'silent' | 'reset'

export interface FaultState {
  /** Wi-Fi is down until this `performance.now()` moment. */
  wifiDownUntil: number
  wifiMode: WifiDropMode
  /** The next this-many commands answer 503 serviceUnavailable. */
  unavailableCommands: number
  lowBattery: boolean
  storageFull: boolean
  /** `HIGH_TEMPERATURE_WARNING` in the state's `_cameraError`. */
  highTemperature: boolean
  /** Open preview streams are cut in the middle of a frame after this many more frames. */
  previewCutAfterFrames: number | null
  /** The next download dies after this many body bytes. */
  downloadCutAfterBytes: number | null
  /** Overrides `_maxRecordableTime` (seconds) so tests see the camera end a clip soon. */
  clipLimitSec: number | null
  /** The next recorded clip's file is grown to this many bytes (a long lesson's size, without the wait). */
  nextClipBytes: number | null
}

export interface FaultHooks {
  /** The link goes down: drop or stall connections; THETA S falls back to API level 1. */
  wifiDropped(mode: WifiDropMode): void
  /** The link is back: sockets a silent drop left hanging are closed, as TCP would time out. */
  wifiRestored(): void
  /** Something the state shows changed (battery, storage, limit). */
  stateChanged(): void
}

export class Faults {
  readonly state: FaultState = Faults.initial()
  private wifiTimer: NodeJS.Timeout | undefined

  constructor(private readonly hooks: FaultHooks) {}

  private static initial(): FaultState {
    return {
      wifiDownUntil: 0, wifiMode: 'reset', unavailableCommands: 0, lowBattery: false, storageFull: false, highTemperature: false,
      previewCutAfterFrames: null, downloadCutAfterBytes: null, clipLimitSec: null, nextClipBytes: null,
    }
  }

  wifiDown(): boolean {
    return performance.now() < this.state.wifiDownUntil
  }

  /** Drops Wi-Fi for `seconds`: `reset` destroys connections, `silent` leaves them unanswered. */
  wifiDrop(seconds: number, mode: WifiDropMode = 'reset'): void {
    clearTimeout(this.wifiTimer)
    this.state.wifiDownUntil = performance.now() + seconds * 1000
    this.state.wifiMode = mode
    this.hooks.wifiDropped(mode)
    this.wifiTimer = setTimeout(() => this.wifiRestore(), seconds * 1000)
  }

  wifiRestore(): void {
    clearTimeout(this.wifiTimer)
    this.state.wifiDownUntil = 0
    this.hooks.wifiRestored()
  }

  serviceUnavailable(commands: number): void {
    this.state.unavailableCommands = commands
  }

  /** Consumes one 503 if any is pending. */
  takeUnavailable(): boolean {
    if (this.state.unavailableCommands <= 0) return false
    this.state.unavailableCommands--
    return true
  }

  lowBattery(on = true): void {
    this.state.lowBattery = on
    this.hooks.stateChanged()
  }

  storageFull(on = true): void {
    this.state.storageFull = on
    this.hooks.stateChanged()
  }

  highTemperature(on = true): void {
    this.state.highTemperature = on
    this.hooks.stateChanged()
  }

  cutPreviewAfter(frames: number): void {
    this.state.previewCutAfterFrames = frames
  }

  cutDownloadAfter(bytes: number): void {
    this.state.downloadCutAfterBytes = bytes
  }

  /** Returns and clears the pending download cut. */
  takeDownloadCut(): number | null {
    const cut = this.state.downloadCutAfterBytes
    this.state.downloadCutAfterBytes = null
    return cut
  }

  growNextClip(bytes: number): void {
    this.state.nextClipBytes = bytes
  }

  /** Returns and clears the pending growth of the next clip. */
  takeClipGrowth(): number | null {
    const bytes = this.state.nextClipBytes
    this.state.nextClipBytes = null
    return bytes
  }

  clipLimit(seconds: number | null): void {
    this.state.clipLimitSec = seconds
    this.hooks.stateChanged()
  }

  /** Everything back to normal, Wi-Fi included. */
  clear(): void {
    if (this.wifiDown()) this.wifiRestore()
    Object.assign(this.state, Faults.initial())
    this.hooks.stateChanged()
  }

  dispose(): void {
    clearTimeout(this.wifiTimer)
  }
}
