import { describe, expect, it } from 'vitest'
import { connectCamera } from './camera'
import infoX from './fixtures/info-theta-x.json'
import type { RecordedClip } from './recorder'
import type { ConnectionStatus } from './state-follower'
import { CameraError } from './errors'
import type { CameraTransport } from './transport'
import { createFakeCamera } from './testing/fake-camera'
import { createFakeClock } from './testing/fake-clock'

async function setup(maxRecordableTimeSupport = [300, 1500]) {
  const clock = createFakeClock()
  const cam = createFakeCamera({ clock, info: infoX, maxRecordableTimeSupport })
  const camera = await connectCamera({ baseUrl: cam.transport.baseUrl, transport: cam.transport, clock })
  const recorder = camera.recorder({ startDelayMs: 100 })
  const statuses: ConnectionStatus[] = []
  recorder.on('connection', (s) => statuses.push(s))
  return { clock, cam, recorder, statuses, t0: clock.now() }
}

describe('recording controller', () => {
  it('sets video mode, waits, uses the longest clip and notes the tablet clock', async () => {
    const { clock, cam, recorder, t0 } = await setup()
    const started = recorder.start()
    await clock.advance(1000)
    const clip = await started
    expect(cam.log.slice(2, 6)).toEqual(['camera.setOptions', 'camera.getOptions', 'camera.setOptions', 'camera.startCapture'])
    expect(cam.maxRecordableTime).toBe(1500)
    expect(clip).toMatchObject({ clipIndex: 0, requestedAt: t0 + 1000, confirmedAt: t0 + 1000, estimatedStartAt: t0 + 1100, recordedSeconds: 0 })
    await clock.advance(60_000)
    expect(clip.recordedSeconds).toBeGreaterThanOrEqual(58)
    expect(recorder.phase).toBe('recording')
  })

  it('takes over a clip the camera is still recording after the app was reloaded', async () => {
    const first = await setup([60, 300])
    // The page that started the clip is gone; only what it stored remains.
    const before = await connectCamera({ baseUrl: first.cam.transport.baseUrl, transport: first.cam.transport, clock: first.clock })
    const videoMode = before.setCaptureMode('video')
    await first.clock.advance(1000)
    await videoMode
    await before.setOptions({ _maxRecordableTime: 300 })
    const startedAt = first.clock.now()
    await before.startCapture()
    const original = { requestedAt: startedAt, confirmedAt: startedAt, estimatedStartAt: startedAt }
    await first.clock.advance(10_000)

    const camera = await connectCamera({ baseUrl: first.cam.transport.baseUrl, transport: first.cam.transport, clock: first.clock })
    const recorder = camera.recorder()
    const resumed = await recorder.resume(original)
    expect(recorder.phase).toBe('recording')
    expect(resumed).toMatchObject({ clipIndex: 0, requestedAt: original.requestedAt, estimatedStartAt: original.estimatedStartAt })
    expect(first.cam.log.filter((name) => name === 'camera.startCapture')).toHaveLength(1)
    await first.clock.advance(5_000)
    expect(resumed.recordedSeconds).toBeGreaterThanOrEqual(14)
    // The camera's limit still ends it, and the next clip follows.
    await first.clock.advance(300_000)
    expect(resumed.endedBy).toBe('camera')
    expect(recorder.clips).toHaveLength(2)
  })

  it('starts the next clip when the camera stops one by itself', async () => {
    const { clock, cam, recorder } = await setup([60, 300])
    const seen: RecordedClip[] = []
    recorder.on('clip', (c) => seen.push({ ...c }))
    const started = recorder.start()
    await clock.advance(1000)
    const first = await started
    await clock.advance(305_000)
    expect(first).toMatchObject({ endedBy: 'camera', fileUrl: cam.files[0], stoppedAt: first.estimatedStartAt + 300_000 })
    expect(first.recordedSeconds).toBe(300)
    expect(recorder.clips).toHaveLength(2)
    expect(recorder.clips[1]!.clipIndex).toBe(1)
    expect(recorder.clips[1]!.stoppedAt).toBeUndefined()
    expect(cam.recordingSince).toBeDefined()
    expect(seen.some((c) => c.clipIndex === 0 && c.endedBy === 'camera')).toBe(true)
  })

  it('survives a Wi-Fi drop: lost, keeps trying, carries on (also across an automatic stop)', async () => {
    const { clock, cam, recorder, statuses } = await setup()
    const started = recorder.start()
    await clock.advance(1000)
    await started
    await clock.advance(10_000)

    cam.online = false
    await clock.advance(30_000)
    expect(statuses).toEqual(['reconnecting', 'lost'])
    cam.online = true
    await clock.advance(10_000)
    expect(statuses.at(-1)).toBe('connected')
    expect(recorder.clips).toHaveLength(1)
    expect(recorder.clips[0]!.recordedSeconds).toBeGreaterThanOrEqual(45)

    // Offline while the camera reaches its limit: noticed after reconnecting, next clip started.
    cam.online = false
    await clock.advance(1500_000)
    cam.online = true
    await clock.advance(10_000)
    expect(recorder.clips[0]).toMatchObject({ endedBy: 'camera', recordedSeconds: 1500 })
    expect(recorder.clips[0]!.stoppedAt).toBe(recorder.clips[0]!.estimatedStartAt + 1500_000)
    expect(recorder.clips).toHaveLength(2)
    expect(cam.recordingSince).toBeDefined()
  })

  it('a clip the camera ended early while we were offline gets its real length from the file list', async () => {
    const { clock, cam, recorder } = await setup()
    const started = recorder.start()
    await clock.advance(1000)
    await started
    await clock.advance(5000)
    cam.online = false
    cam.maxRecordableTime = 20 // e.g. the card filled up
    await clock.advance(60_000)
    cam.online = true
    await clock.advance(10_000)
    expect(recorder.clips[0]).toMatchObject({ endedBy: 'camera', recordedSeconds: 20, fileUrl: cam.files[0] })
    expect(recorder.clips[0]!.stoppedAt).toBe(recorder.clips[0]!.estimatedStartAt + 20_000)
    expect(recorder.clips).toHaveLength(2)
  })

  it('stop() ends the running clip with its file and stops following', async () => {
    const { clock, cam, recorder } = await setup()
    const started = recorder.start()
    await clock.advance(1000)
    await started
    await clock.advance(42_000)
    const clip = await recorder.stop()
    expect(clip).toMatchObject({ endedBy: 'us', fileUrl: cam.files[0], fileUrls: [cam.files[0]] })
    expect(clip!.recordedSeconds).toBeGreaterThanOrEqual(41)
    expect(recorder.phase).toBe('stopped')
    const requests = cam.log.length
    await clock.advance(10_000)
    expect(cam.log.length).toBe(requests)
  })

  it('a stop whose answer is lost still ends the clip, and no new clip follows', async () => {
    const clock = createFakeClock()
    const cam = createFakeCamera({ clock, info: infoX, maxRecordableTimeSupport: [300, 1500] })
    let loseStop = true
    // The camera stops, but its answer never reaches the tablet (a slow or dropped link).
    const lossy: CameraTransport = {
      baseUrl: cam.transport.baseUrl,
      async send(req) {
        const response = await cam.transport.send(req)
        if (loseStop && (req.body as { name?: string } | undefined)?.name === 'camera.stopCapture') {
          loseStop = false
          throw new CameraError('timeout')
        }
        return response
      },
    }
    const camera = await connectCamera({ baseUrl: cam.transport.baseUrl, transport: lossy, clock })
    const recorder = camera.recorder()
    const started = recorder.start()
    await clock.advance(1000)
    await started
    await clock.advance(20_000)
    const clip = await recorder.stop()
    expect(clip).toMatchObject({ endedBy: 'us' })
    expect(recorder.phase).toBe('stopped')
    await clock.advance(10_000)
    expect(cam.log.filter((name) => name === 'camera.startCapture')).toHaveLength(1)
    expect(cam.recordingSince).toBeUndefined()
  })

  it('start() refused by the camera: a CameraError and back to idle', async () => {
    const { clock, cam, recorder } = await setup()
    cam.online = false
    const refused = expect(recorder.start()).rejects.toMatchObject({ code: 'unreachable' })
    await clock.advance(0)
    await refused
    expect(recorder.phase).toBe('idle')
  })
})
