import { readFileSync, readdirSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type EmulatorOptions, type ModelId } from './index'
import { decodeJpegFrame, execute, openPreview, post, probeVideo, sleep, stripeAt, topLevelBoxes } from './testing'

let em: Emulator | undefined
afterEach(async () => {
  await em?.close()
  em = undefined
})

async function startRecording(model: ModelId, extra: Partial<EmulatorOptions> = {}, clipLimitSec?: number): Promise<string> {
  em = await startEmulator({ model, modeSwitchMs: 0, ...extra })
  if (clipLimitSec) em.faults.clipLimit(clipLimitSec)
  await execute(em.url, 'camera.setOptions', { options: { captureMode: 'video' } })
  expect((await execute(em.url, 'camera.startCapture')).body.state).toBe('done')
  return em.url
}

describe('recording', () => {
  it('records in real time, and serves a valid, seekable MP4 with ranges', async () => {
    const url = await startRecording('theta-z1')
    await sleep(1100)
    const state = (await post(`${url}/osc/state`)).body.state
    expect(state._captureStatus).toBe('shooting')
    expect(state._recordedTime).toBeGreaterThanOrEqual(1)
    expect(state._recordableTime).toBe(300 - state._recordedTime)
    expect((await execute(url, 'camera.listFiles', { fileType: 'all', entryCount: 5 })).body.error.code).toBe('disabledCommand')
    await sleep(900)
    const t0 = performance.now()
    const stop = await execute(url, 'camera.stopCapture')
    const stopMs = performance.now() - t0
    const [fileUrl] = stop.body.results.fileUrls as string[]
    expect(fileUrl).toBe(`${url}/files/150100524436344d4201375fda9dc400/100RICOH/R0010001.MP4`)
    // Well under a second on a quiet machine; ffmpeg starved of CPU needs longer to catch up.
    expect(stopMs).toBeLessThan(8000)

    const list = (await execute(url, 'camera.listFiles', { fileType: 'video', entryCount: 5, maxThumbSize: 0 })).body.results
    expect(list.entries[0]).toMatchObject({
      name: 'R0010001.MP4', fileUrl, width: 1024, height: 512, _recordTime: expect.any(Number), _frameRate: 30,
      _codec: 'H.264/MPEG-4 AVC', _projectionType: 'Equirectangular',
      dateTimeZone: expect.stringMatching(/^\d{4}:\d\d:\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d$/),
    })
    const size: number = list.entries[0].size
    const whole = Buffer.from(await (await fetch(fileUrl!)).arrayBuffer())
    expect(whole.length).toBe(size)
    expect(topLevelBoxes(whole).at(-1)).toBe('moov')

    const part = await fetch(fileUrl!, { headers: { Range: 'bytes=100-1099' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 100-1099/${size}`)
    expect(part.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await part.arrayBuffer())).toEqual(whole.subarray(100, 1100))
    const tail = await fetch(fileUrl!, { headers: { Range: 'bytes=-10' } })
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(whole.subarray(size - 10))
    const bad = await fetch(fileUrl!, { headers: { Range: `bytes=${size}-` } })
    expect([bad.status, bad.headers.get('content-range')]).toEqual([416, `bytes */${size}`])
    const head = await fetch(fileUrl!, { method: 'HEAD' })
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(size)])
    const thumb = await fetch(`${fileUrl}?type=thumb`)
    expect(thumb.headers.get('content-type')).toBe('image/jpeg')
    expect(decodeJpegFrame(Buffer.from(await thumb.arrayBuffer()))).toMatchObject({ width: 640, height: 320, stripeMs: 0 })

    // ffmpeg reads it over HTTP, seeking to the moov at the end with ranges.
    const video = await probeVideo(fileUrl!)
    expect(video.frames).toBe(em!.status().clips[0]?.frames)
    expect(video.frames).toBeGreaterThanOrEqual(60)
    expect(video.seconds).toBeCloseTo(video.frames / 30, 1)
    expect(video.keyframes).toBe(Math.ceil(video.frames / 30))
    expect(await stripeAt(fileUrl!, 1, 1024, 512)).toBe(1000)
    expect(await stripeAt(fileUrl!, 1.5, 1024, 512)).toBe(1500)
    expect(em!.status().clips[0]?.durationMs).toBeCloseTo((video.frames * 1000) / 30)
  })

  it('puts moov first with --moov start and ignores Range with --no-range', async () => {
    const url = await startRecording('theta-x', { moov: 'start', range: false })
    await sleep(500)
    const [fileUrl] = (await execute(url, 'camera.stopCapture')).body.results.fileUrls as string[]
    const res = await fetch(fileUrl!, { headers: { Range: 'bytes=0-9' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('accept-ranges')).toBeNull()
    expect(topLevelBoxes(Buffer.from(await res.arrayBuffer())).slice(0, 2)).toEqual(['ftyp', 'moov'])
  })

  it('stops the clip by itself at the limit, and deletes', async () => {
    const url = await startRecording('theta-x', {}, 2)
    expect((await post(`${url}/osc/state`)).body.state._recordableTime).toBe(2)
    let state: Record<string, unknown> = {}
    for (let fp = ''; state._captureStatus !== 'idle';) {
      fp = (await post(`${url}/osc/checkForUpdates`, { stateFingerprint: fp, waitTimeout: 5 })).body.stateFingerprint
      state = (await post(`${url}/osc/state`)).body.state
    }
    expect(state._latestFileUrl).toBe(`${url}/files/100RICOH/R0010001.MP4`)
    expect(em!.status().clips[0]).toMatchObject({ frames: 60, durationMs: 2000 })
    const entry = (await execute(url, 'camera.listFiles', { fileType: 'video', entryCount: 5 })).body.results.entries[0]
    expect(entry._recordTime).toBe('2')
    expect((await execute(url, 'camera.delete', { fileUrls: [entry.fileUrl] })).body.state).toBe('done')
    expect((await execute(url, 'camera.listFiles', { fileType: 'video', entryCount: 5 })).body.results.totalEntries).toBe(0)
    expect((await fetch(entry.fileUrl)).status).toBe(404)
  })
})

/** ffmpeg processes this test process started and that still run. */
function ffmpegChildren(): string[] {
  return readdirSync('/proc').filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      return stat.includes('(ffmpeg)') && stat.split(') ')[1]?.split(' ')[1] === String(process.pid)
    } catch {
      return false
    }
  })
}

describe('close()', () => {
  it('ends recording, preview and their ffmpeg processes, and frees the port', async () => {
    const url = await startRecording('theta-x')
    const preview = await openPreview(url)
    await preview.body!.getReader().read()
    expect(ffmpegChildren()).toHaveLength(2)
    await em!.close()
    em = undefined
    await sleep(100)
    expect(ffmpegChildren()).toHaveLength(0)
    await expect(fetch(`${url}/osc/info`)).rejects.toThrow()
  })

  it('kills a seed still encoding', async () => {
    em = await startEmulator({ model: 'theta-x' })
    const seeding = em.seed({ durationSec: 600 })
    await sleep(300)
    await em.close()
    em = undefined
    await expect(seeding).rejects.toThrow()
    await sleep(100)
    expect(ffmpegChildren()).toHaveLength(0)
  })
})
