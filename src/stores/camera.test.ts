// @vitest-environment jsdom
import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/index'
import { useCameraStore } from './camera'
import { useSettingsStore } from './settings'

let cam: Emulator

beforeAll(async () => {
  cam = await startEmulator({ model: 'theta-x', port: 0, cors: true, modeSwitchMs: 0 })
}, 60_000)
afterAll(async () => {
  await cam?.close()
})

/** A fresh Pinia whose settings point at `address`. */
async function cameraAt(address: string) {
  setActivePinia(createPinia())
  const settings = useSettingsStore()
  await settings.load()
  await settings.changeCameraAddress(address)
  return useCameraStore()
}

describe('the camera store', () => {
  beforeEach(() => { setActivePinia(createPinia()) })

  it('screens asking at once share one connection to the camera in the settings', async () => {
    const camera = await cameraAt(cam.url)
    const [a, b] = await Promise.all([camera.connect(), camera.connect()])
    expect(a).not.toBeNull()
    expect(b).toBe(a)
    expect(camera.status).toBe('connected')
    expect(camera.problem).toBeNull()
    expect(await camera.connect()).toBe(a)
  })

  it('Test verbinding connects afresh and shows what the coach wants to see of the camera', async () => {
    const camera = await cameraAt(cam.url)
    expect(await camera.testConnection()).toBe(true)
    expect(camera.summary).toMatchObject({ displayName: expect.stringContaining('THETA X') })
    expect(camera.summary?.batteryLevel).toEqual(expect.any(Number))
  })

  it('a camera that does not answer is a problem with a code the screen explains, never an exception', async () => {
    const camera = await cameraAt('http://127.0.0.1:9')
    expect(await camera.connect()).toBeNull()
    expect(camera.status).toBe('lost')
    expect(camera.problem?.code).toBe('unreachable')
    expect(await camera.testConnection()).toBe(false)
    expect(camera.summary).toBeNull()
  })

  it('another address in the settings means another connection', async () => {
    const camera = await cameraAt('http://127.0.0.1:9')
    expect(await camera.connect()).toBeNull()
    await useSettingsStore().changeCameraAddress(cam.url)
    expect(await camera.connect()).not.toBeNull()
    expect(camera.connected).toBe(true)
  })
})
