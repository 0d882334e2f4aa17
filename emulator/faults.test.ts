import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type EmulatorOptions } from './index'
import { PreviewReader, execute, openPreview, post, probeVideo, sleep, stripeAt, topLevelBoxes } from './testing'

let em: Emulator | undefined
afterEach(async () => {
  await em?.close()
  em = undefined
})

const start = async (extra: Partial<EmulatorOptions> = {}) =>
  (em = await startEmulator({ model: 'theta-x', modeSwitchMs: 0, ...extra }))

const videoMode = (url: string) => execute(url, 'camera.setOptions', { options: { captureMode: 'video' } })

describe('Wi-Fi drop', () => {
  it('reset: connections and open previews die, then the camera answers again', async () => {
    const { url } = await start()
    const preview = new PreviewReader(await openPreview(url))
    await preview.read(2)
    em!.faults.wifiDrop(0.6, 'reset')
    expect((await preview.read(1000)).ended).not.toBe('count')
    await expect(fetch(`${url}/osc/info`)).rejects.toThrow()
    await sleep(700)
    expect((await fetch(`${url}/osc/info`)).status).toBe(200)
  })

  it('silent: requests hang and streams stall until the link returns', async () => {
    const { url } = await start()
    const preview = new PreviewReader(await openPreview(url))
    await preview.read(2)
    // Control requests still work while the camera's link is down.
    expect((await post(`${url}/_emulator/wifi-drop`, { seconds: 1, mode: 'silent' })).status).toBe(200)
    await expect(fetch(`${url}/osc/info`, { signal: AbortSignal.timeout(400) })).rejects.toThrow()
    const stalled = await Promise.race([preview.read(1000), sleep(400).then(() => 'stalled' as const)])
    expect(stalled).toBe('stalled')
    await sleep(700)
    expect((await fetch(`${url}/osc/info`)).status).toBe(200)
  })
})

describe('command faults', () => {
  it('answers 503 serviceUnavailable for the next N commands', async () => {
    const { url } = await start()
    const r = await post(`${url}/_emulator/service-unavailable`, { commands: 2 })
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await execute(url, 'camera.getOptions', { optionNames: ['captureMode'] })).status)
    expect(statuses).toEqual([503, 503, 200])
  })

  it('refuses to record on low battery and on full storage', async () => {
    const { url } = await start()
    await videoMode(url)
    em!.faults.lowBattery()
    expect((await post(`${url}/osc/state`)).body.state).toMatchObject({ batteryLevel: 0.05, _cameraError: ['COMPASS_CALIBRATION', 'NOT_ENOUGH_BATTERY'] })
    const low = await execute(url, 'camera.startCapture')
    expect([low.status, low.body.error.code, low.body.error.message]).toEqual([403, 'disabledCommand', expect.stringContaining('LOWBAT')])
    em!.faults.clear()
    em!.faults.storageFull()
    expect((await post(`${url}/osc/state`)).body.state._recordableTime).toBe(0)
    expect((await execute(url, 'camera.getOptions', { optionNames: ['remainingSpace'] })).body.results.options.remainingSpace).toBe(0)
    expect((await execute(url, 'camera.startCapture')).body.error.message).toContain('NO_MEMORY')
    em!.faults.storageFull(false)
    expect((await execute(url, 'camera.startCapture')).status).toBe(200)
    await execute(url, 'camera.stopCapture')
  })
})

describe('seeded clips and downloads', () => {
  it('seeds a clip without waiting, padded to a target size, still valid with moov at either end', async () => {
    for (const moov of ['end', 'start'] as const) {
      const { url } = await start({ moov })
      const seeded = await post(`${url}/_emulator/seed`, { durationSec: 3, targetBytes: 20_000_000 })
      const [fileUrl] = seeded.body.fileUrls as string[]
      const head = await fetch(fileUrl!, { method: 'HEAD' })
      expect(head.headers.get('content-length')).toBe('20000000')
      const video = await probeVideo(fileUrl!)
      expect([video.frames, video.keyframes]).toEqual([90, 3])
      expect(await stripeAt(fileUrl!, 2, 1024, 512)).toBe(2000)
      const boxes = topLevelBoxes(Buffer.from(await (await fetch(fileUrl!)).arrayBuffer()))
      expect(boxes).toEqual(moov === 'end' ? ['ftyp', 'free', 'mdat', 'free', 'moov'] : ['ftyp', 'moov', 'free', 'mdat', 'free'])
      const status = (await (await fetch(`${url}/_emulator/status`)).json()) as ReturnType<Emulator['status']>
      expect(status.clips[0]).toMatchObject({ durationMs: 3000, seeded: true, sizes: [20_000_000] })
      await em!.close()
      em = undefined
    }
  })

  it('cuts the next download after N bytes', async () => {
    const { url } = await start()
    const { fileUrls } = await em!.seed({ durationSec: 1 })
    em!.faults.cutDownloadAfter(1000)
    const res = await fetch(fileUrls[0]!)
    const reader = res.body!.getReader()
    let got = 0
    await expect((async () => {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return
        got += value.length
      }
    })()).rejects.toThrow()
    expect(got).toBe(1000)
    expect((await fetch(fileUrls[0]!)).status).toBe(200)
  })
})

describe('CORS and Digest', () => {
  it('sends CORS headers and answers preflights only with --cors', async () => {
    const { url } = await start()
    expect((await fetch(`${url}/osc/info`, { method: 'OPTIONS' })).headers.get('access-control-allow-origin')).toBeNull()
    await em!.close()
    const cors = await start({ cors: true })
    const pre = await fetch(`${cors.url}/osc/commands/execute`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Private-Network': 'true' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-private-network')).toBe('true')
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-xsrf-protected')
    const info = await fetch(`${cors.url}/osc/info`)
    expect(info.headers.get('access-control-allow-origin')).toBe('*')
    expect(info.headers.get('access-control-expose-headers')).toContain('content-range')
  })

  it('asks for Digest auth (MD5, qop=auth) when configured', async () => {
    const { url } = await start({ digest: { user: 'THETAYL00105377', password: '00105377' } })
    const first = await fetch(`${url}/osc/info`)
    expect(first.status).toBe(401)
    const challenge = first.headers.get('www-authenticate') ?? ''
    expect(challenge).toMatch(/^Digest realm="RICOH THETA X", qop="auth", nonce="\w+", algorithm=MD5$/)
    const md5 = (s: string) => createHash('md5').update(s).digest('hex')
    const nonce = /nonce="(\w+)"/.exec(challenge)?.[1]
    const ha1 = md5('THETAYL00105377:RICOH THETA X:00105377')
    const response = md5(`${ha1}:${nonce}:00000001:abc:auth:${md5('GET:/osc/info')}`)
    const authorization = `Digest username="THETAYL00105377", realm="RICOH THETA X", nonce="${nonce}", uri="/osc/info", ` +
      `qop=auth, nc=00000001, cnonce="abc", response="${response}"`
    expect((await fetch(`${url}/osc/info`, { headers: { Authorization: authorization } })).status).toBe(200)
  })
})
