import { describe, expect, it } from 'vitest'
import { connectCamera } from './camera'
import infoInsta from './fixtures/info-insta360.json'
import infoS from './fixtures/info-theta-s.json'
import infoSOld from './fixtures/info-theta-s-old.json'
import infoX from './fixtures/info-theta-x.json'
import { createFakeCamera } from './testing/fake-camera'
import { createFakeClock } from './testing/fake-clock'
import { fakeJpeg, joinBytes, multipartPart, seededRandom } from './testing/mjpeg'

function setup(info: Record<string, unknown>, level: 1 | 2 = 2, latencyMs?: number) {
  const clock = createFakeClock()
  const cam = createFakeCamera({ clock, info, level, latencyMs })
  return { clock, cam, connect: () => connectCamera({ baseUrl: cam.transport.baseUrl, transport: cam.transport, clock }) }
}

describe('connectCamera', () => {
  it('THETA X: level 2 straight away, summary for "test connection"', async () => {
    const { cam, connect } = setup(infoX)
    const camera = await connect()
    expect(camera.apiLevel).toBe(2)
    expect(cam.log).toEqual(['/osc/info', '/osc/state'])
    expect(await camera.summary()).toMatchObject({
      model: 'RICOH THETA X',
      firmwareVersion: '2.21.0',
      apiLevel: 2,
      batteryLevel: 0.8,
      remainingSpace: 1e10,
      totalSpace: 6.4e10,
    })
  })

  it('THETA S at level 1: startSession, upgrade with clientVersion 2, then level-2 commands', async () => {
    const { cam, connect, clock } = setup(infoS, 1)
    const camera = await connect()
    expect(cam.log).toEqual(['/osc/info', '/osc/state', 'camera.startSession', 'camera.setOptions'])
    expect(camera.apiLevel).toBe(2)
    const mode = camera.setCaptureMode('video')
    await clock.advance(1000)
    await mode
    expect(cam.captureMode).toBe('video')
  })

  it('THETA S falls back to level 1 after a Wi-Fi drop: the next command sets the session up again', async () => {
    const { cam, connect, clock } = setup(infoS, 1)
    const camera = await connect()
    cam.dropWifi()
    cam.online = true
    const mode = camera.setCaptureMode('video')
    await clock.advance(1000)
    await mode
    const started = camera.startCapture()
    await expect(started).resolves.toEqual([])
    // The first setOptions is refused (invalidSessionId), then session, upgrade, retry.
    expect(cam.log.slice(-5)).toEqual(['camera.setOptions', 'camera.startSession', 'camera.setOptions', 'camera.setOptions', 'camera.startCapture'])
    expect(cam.recordingSince).toBeDefined()
  })

  it('old THETA S without apiLevel speaks level 1: _video, _startCapture with the sessionId', async () => {
    const { cam, connect, clock } = setup(infoSOld, 1)
    const camera = await connect()
    expect(camera.apiLevel).toBe(1)
    const mode = camera.setCaptureMode('video')
    await clock.advance(1000)
    await mode
    expect(cam.captureMode).toBe('_video')
    await camera.startCapture()
    await camera.stopCapture()
    expect(cam.log.slice(-2)).toEqual(['camera._startCapture', 'camera._stopCapture'])
  })

  it('Insta360: one request at a time, no live preview', async () => {
    const { cam, connect, clock } = setup(infoInsta, 2, 50)
    const pending = connect()
    await clock.advance(200)
    const camera = await pending
    const all = Promise.all([camera.state(), camera.getOptions(['captureMode']), camera.state()])
    await clock.advance(500)
    await all
    expect(cam.maxInFlight).toBe(1)
    await expect(camera.openLivePreview()).rejects.toMatchObject({ code: 'refused', cameraCode: 'noLivePreview' })
  })

  it('follow() is shared and released by the last handle', async () => {
    const { connect, clock, cam } = setup(infoX)
    const camera = await connect()
    const a = camera.follow()
    const b = camera.follow()
    await clock.advance(2000)
    a.stop()
    const before = cam.log.length
    await clock.advance(2000)
    expect(cam.log.length).toBeGreaterThan(before)
    b.stop()
    const after = cam.log.length
    await clock.advance(5000)
    expect(cam.log.length).toBe(after)
  })
})

describe('live preview and level-1 video through the camera', () => {
  it('THETA X getLivePreview → frames; old THETA S uses _getLivePreview and _getVideo', async () => {
    const random = seededRandom(3)
    const jpegs = [fakeJpeg(3000, random), fakeJpeg(4000, random)]
    const previewBody = joinBytes(jpegs.map((j) => multipartPart(j)))
    const videoBytes = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff)
    for (const [info, level] of [[infoX, 2], [infoSOld, 1]] as const) {
      const clock = createFakeClock()
      const cam = createFakeCamera({ clock, info, level, previewBody, videoBytes })
      const camera = await connectCamera({ baseUrl: cam.transport.baseUrl, transport: cam.transport, clock })
      const preview = await camera.openLivePreview()
      expect((await preview.ended).reason).toBe('complete')
      expect(await preview.next()).toEqual(jpegs[1])
      expect(cam.log.at(-1)).toBe(level === 2 ? 'camera.getLivePreview' : 'camera._getLivePreview')
    }
    const clock = createFakeClock()
    const cam = createFakeCamera({ clock, info: infoSOld, level: 1, videoBytes })
    const camera = await connectCamera({ baseUrl: cam.transport.baseUrl, transport: cam.transport, clock })
    const file = { id: '100RICOH/R0010017.MP4', name: 'R0010017.MP4', isVideo: true }
    const reader = (await camera.download(file, { start: 100, end: 199 })).getReader()
    const chunks: Uint8Array[] = []
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value)
    expect(joinBytes(chunks)).toEqual(videoBytes.subarray(100, 200))
    await expect(camera.download({ ...file, id: '100RICOH/NOPE.MP4' })).rejects.toMatchObject({ code: 'refused', cameraCode: 'notFound' })
  })
})
