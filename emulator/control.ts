/**
 * The test-only control endpoint, `/_emulator/<action>`: faults and internal truth over HTTP.
 * Always answers with CORS so a test page can call it. Bodies are JSON; see ROUTES for fields.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Camera } from './camera'
import type { Faults } from './faults'
import type { Params } from './commands'
import { readJson, sendJson, sendPreflight, setCors } from './server'

const num = (v: unknown, fallback?: number): number => {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (fallback !== undefined) return fallback
  throw new Error('a number is required')
}

type Route = (body: Params) => unknown

function routes(camera: Camera, faults: Faults): Record<string, Route> {
  return {
    'GET status': () => camera.status(),
    'POST wifi-drop': (b) => faults.wifiDrop(num(b.seconds), b.mode === 'silent' ? 'silent' : 'reset'),
    'POST wifi-restore': () => faults.wifiRestore(),
    'POST service-unavailable': (b) => faults.serviceUnavailable(num(b.commands, 1)),
    'POST low-battery': (b) => faults.lowBattery(b.on !== false),
    'POST storage-full': (b) => faults.storageFull(b.on !== false),
    'POST high-temperature': (b) => faults.highTemperature(b.on !== false),
    'POST preview-cut': (b) => faults.cutPreviewAfter(num(b.afterFrames)),
    'POST download-cut': (b) => faults.cutDownloadAfter(num(b.afterBytes)),
    'POST grow-next-clip': (b) => faults.growNextClip(num(b.bytes)),
    'POST clip-limit': (b) => faults.clipLimit(b.seconds === null ? null : num(b.seconds)),
    'POST clear-faults': () => faults.clear(),
    'POST seed': async (b) => {
      const files = await camera.seed({
        durationSec: num(b.durationSec),
        ...(b.targetBytes === undefined ? {} : { targetBytes: num(b.targetBytes) }),
        ...(b.bitrateMbps === undefined ? {} : { bitrateMbps: num(b.bitrateMbps) }),
      })
      return { fileUrls: files.map((f) => camera.url(f.path)) }
    },
  }
}

export function controlHandler(camera: Camera, faults: Faults) {
  const table = routes(camera, faults)
  return async (req: IncomingMessage, res: ServerResponse, action: string): Promise<void> => {
    setCors(res)
    if (req.method === 'OPTIONS') return sendPreflight(res)
    const route = table[`${req.method} ${action}`]
    if (!route) return sendJson(res, 404, { error: `unknown control action: ${req.method} ${action}` })
    try {
      const result = await route(await readJson(req))
      sendJson(res, 200, result ?? { ok: true })
    } catch (err) {
      sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) })
    }
  }
}
