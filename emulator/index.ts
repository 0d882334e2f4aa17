/** Programmatic entry: start an emulated OSC camera on a real HTTP port. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Camera, type SeedOptions } from './camera'
import { controlHandler } from './control'
import { DigestAuth } from './digest'
import { Faults } from './faults'
import { yuvBackground } from './frames'
import { MODELS, type ModelId } from './models'
import { PreviewSource } from './preview'
import { CameraServer } from './server'

export type { ModelId } from './models'
export { MODEL_IDS } from './models'
export type { SeedOptions } from './camera'
export type { Faults, FaultState, WifiDropMode } from './faults'

export interface EmulatorOptions {
  model: ModelId
  /** 0 (default) picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Add CORS and Private-Network headers (a real THETA sends none). Default false. */
  cors?: boolean
  /** Honour Range requests. Default true. */
  range?: boolean
  /** Where the MP4 `moov` box goes. Default 'end', as without faststart. */
  moov?: 'start' | 'end'
  /** Ask for HTTP Digest auth, as a THETA in client mode does. */
  digest?: { user: string; password: string }
  /** Where files are kept; default a temp dir removed by close(). */
  dataDir?: string
  /** How long capture/preview are refused after a captureMode change. Default 1000 ms. */
  modeSwitchMs?: number
  /**
   * Benchmarks: encode this many preview frames once, then send them round and round, so the
   * emulator's own rendering does not eat the CPU the measured app needs. Time stripes then repeat.
   */
  previewLoopFrames?: number
}

export interface Emulator {
  url: string
  port: number
  model: ModelId
  faults: Faults
  status(): ReturnType<Camera['status']>
  /** A finished clip of the given duration, made without waiting in real time. */
  seed(opts: SeedOptions): Promise<{ fileUrls: string[] }>
  close(): Promise<void>
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const profile = MODELS[options.model]
  const ownDir = options.dataDir ? null : mkdtempSync(join(tmpdir(), 'osc-emulator-'))
  const host = options.host ?? '127.0.0.1'
  let url = ''
  let camera: Camera | undefined
  let server: CameraServer | undefined
  const faults = new Faults({
    wifiDropped: (mode) => {
      camera?.wifiDropped()
      server?.wifiDropped(mode)
    },
    wifiRestored: () => server?.wifiRestored(),
    stateChanged: () => {
      camera?.limitChanged()
      camera?.changed()
    },
  })
  camera = new Camera({
    profile,
    moov: options.moov ?? 'end',
    dataDir: options.dataDir ?? ownDir ?? '',
    modeSwitchMs: options.modeSwitchMs ?? 1000,
    baseUrl: () => url,
  }, faults)
  // Render the room now, or the first clip would start seconds behind real time.
  yuvBackground(camera.fileFormat.width, camera.fileFormat.height, 'limited')
  if (camera.previewFormat) yuvBackground(camera.previewFormat.width, camera.previewFormat.height, 'full')
  const previews = new PreviewSource(camera, options.previewLoopFrames)
  const digest = options.digest
    ? new DigestAuth(options.digest.user, options.digest.password, String(profile.info.model))
    : null
  server = new CameraServer(camera, previews, { cors: options.cors ?? false, range: options.range ?? true, digest },
    controlHandler(camera, faults))
  const port = await server.listen(options.port ?? 0, host)
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  const cam = camera
  const srv = server
  return {
    url,
    port,
    model: options.model,
    faults,
    status: () => cam.status(),
    seed: async (opts) => ({ fileUrls: (await cam.seed(opts)).map((f) => cam.url(f.path)) }),
    async close() {
      faults.dispose()
      previews.close()
      cam.close()
      await srv.close()
      if (ownDir) rmSync(ownDir, { recursive: true, force: true })
    },
  }
}
