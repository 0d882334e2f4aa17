import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type ModelId } from './index'
import { PREVIEW_CONTENT_TYPE } from './preview'
import { PreviewReader, decodeJpegFrame, execute, jpegSize, openPreview, sleep } from './testing'

let em: Emulator | undefined
afterEach(async () => {
  await em?.close()
  em = undefined
})

const start = async (model: ModelId) => (em = await startEmulator({ model, modeSwitchMs: 0 }))

// Switching the mode ends a preview too, so it comes first.
const videoMode = (url: string) => execute(url, 'camera.setOptions', { options: { captureMode: 'video' } })
const startCapture = async (url: string) => expect((await execute(url, 'camera.startCapture')).status).toBe(200)

describe('live preview', () => {
  it('theta-x streams 1024×512 JPEGs at about 30 fps whose stripes carry the uptime', async () => {
    const { url } = await start('theta-x')
    const uptimeBefore = em!.status().uptimeMs
    const res = await openPreview(url)
    expect(res.headers.get('content-type')).toBe(PREVIEW_CONTENT_TYPE)
    const t0 = performance.now()
    const { jpegs, ended } = await new PreviewReader(res).read(33)
    expect(ended).toBe('count')
    expect(jpegs.every((j) => jpegSize(j).width === 1024 && jpegSize(j).height === 512)).toBe(true)
    // Every 4th frame is enough to see the stamps grow.
    const ms = jpegs.filter((_, i) => i % 4 === 0).map((j) => decodeJpegFrame(j).stripeMs)
    expect(ms.every((t, i) => t !== null && (i === 0 || t > (ms[i - 1] ?? 0)))).toBe(true)
    expect(ms[0]).toBeGreaterThan(uptimeBefore)
    expect(ms[0]).toBeLessThan(uptimeBefore + 1500)
    // 30 fps: stamps about 33 ms apart (the first frames may come in a burst after start-up;
    // a loaded machine skips some frames, so the upper bound is loose).
    const gap = ((ms.at(-1) ?? 0) - (ms[3] ?? 0)) / (32 - 12)
    expect(gap).toBeGreaterThan(25)
    expect(gap).toBeLessThan(70)
  })

  it('theta-s streams 640×320 at about 10 fps', async () => {
    const { url } = await start('theta-s')
    const sessionId = (await execute(url, 'camera.startSession')).body.results.sessionId
    const t0 = performance.now()
    const { jpegs } = await new PreviewReader(await openPreview(url, 'camera._getLivePreview', { sessionId })).read(8)
    const [first, last] = [jpegs[0]!, jpegs[7]!].map(decodeJpegFrame)
    expect(first).toMatchObject({ width: 640, height: 320 })
    const gap = ((last?.stripeMs ?? 0) - (first?.stripeMs ?? 0)) / 7
    expect(gap).toBeGreaterThan(80)
    expect(gap).toBeLessThan(250)
    expect(performance.now() - t0).toBeGreaterThan(600)
  })

  it('ends when a theta-z1 starts recording', async () => {
    const { url } = await start('theta-z1')
    await videoMode(url)
    const preview = new PreviewReader(await openPreview(url))
    expect((await preview.read(2)).jpegs).toHaveLength(2)
    await startCapture(url)
    const { ended } = await preview.read(10_000)
    expect(ended).toBe('end')
    expect((await execute(url, 'camera.getLivePreview')).body.error.code).toBe('disabledCommand')
    await execute(url, 'camera.stopCapture')
  })

  it('goes on while a theta-x records, stamped with the recorded time', async () => {
    const { url } = await start('theta-x')
    await videoMode(url)
    const preview = new PreviewReader(await openPreview(url))
    await preview.read(1)
    await startCapture(url)
    await sleep(500)
    // Frames made in the 500 ms wait are queued; the last of a generous batch is the newest.
    const { jpegs } = await preview.read(25)
    const recorded = em!.status().recording!.elapsedMs
    const frame = decodeJpegFrame(jpegs.at(-1)!)
    expect(frame.width).toBe(1024)
    const last = frame.stripeMs ?? -1
    expect(last).toBeGreaterThan(300)
    expect(last).toBeLessThanOrEqual(recorded + 50)
    await execute(url, 'camera.stopCapture')
  })

  it('can be cut in the middle of a frame (fault)', async () => {
    const { url } = await start('theta-x')
    em!.faults.cutPreviewAfter(3)
    const { jpegs, ended } = await new PreviewReader(await openPreview(url)).read(100)
    expect(jpegs).toHaveLength(3)
    expect(ended).toBe('error')
  })
})
