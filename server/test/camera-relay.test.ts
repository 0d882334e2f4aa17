import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/index'
import { serverConfig } from '../src/config'
import { CAMERA_RELAY_PATH, startServer, type RunningServer } from '../src/server'
import { freePort } from './harness'

// A real THETA sends no CORS headers (the emulator runs without --cors): through the school server's
// own origin the app needs none.
describe('the school server on the camera Wi-Fi (--camera): the relay at /camera', () => {
  let dir: string
  let camera: Emulator
  let server: RunningServer
  const log: string[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rondblik-relay-'))
    camera = await startEmulator({ model: 'theta-x', modeSwitchMs: 0 })
    const flags = ['--data', join(dir, 'data'), '--port', String(await freePort()), '--host', '127.0.0.1', '--camera', camera.url]
    server = await startServer(serverConfig(flags, {}), { log: (line) => log.push(line) })
  })

  afterAll(async () => {
    await server?.close()
    await camera?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('says where the relay is, speaks OSC through it and still serves its own API', async () => {
    expect(log.join('\n')).toContain(`${server.url}${CAMERA_RELAY_PATH} for the camera at ${camera.url}`)
    const info = (await (await fetch(`${server.url}${CAMERA_RELAY_PATH}/osc/info`)).json()) as { model: string }
    expect(info.model).toBe('RICOH THETA X')
    const state = await fetch(`${server.url}${CAMERA_RELAY_PATH}/osc/state`, { method: 'POST', headers: { 'content-type': 'application/json' } })
    expect(((await state.json()) as { state: { batteryLevel: number } }).state.batteryLevel).toBeGreaterThan(0)
    const health = await fetch(`${server.url}/api/health`)
    expect(health.status).toBe(200)
    // Only the exact prefix goes to the camera.
    expect(await (await fetch(`${server.url}/cameraman/osc/info`)).text()).not.toContain('RICOH')
  })

  it('without --camera, /camera is not the camera', async () => {
    const plain = await startServer(serverConfig(['--data', join(dir, 'plain'), '--port', String(await freePort()), '--host', '127.0.0.1'], {}), { log: () => {} })
    try {
      const answer = await fetch(`${plain.url}${CAMERA_RELAY_PATH}/osc/info`)
      expect(await answer.text()).not.toContain('RICOH')
    } finally {
      await plain.close()
    }
  })
})
