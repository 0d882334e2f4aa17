import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type ModelId } from './index'
import { execute, post, sleep } from './testing'

let em: Emulator | undefined
afterEach(async () => {
  await em?.close()
  em = undefined
})

const start = async (model: ModelId, extra = {}) => (em = await startEmulator({ model, modeSwitchMs: 0, ...extra }))
const XSRF = { 'X-XSRF-Protected': '1' }

describe('/osc/info and /osc/state per model', () => {
  it.each([
    ['theta-x', 'RICOH THETA X', [2]],
    ['theta-z1', 'RICOH THETA Z1', [2]],
    ['theta-s', 'RICOH THETA S', [1, 2]],
    ['theta-s-level1', 'RICOH THETA S', undefined],
    ['theta-sc2', 'RICOH THETA SC2', [2]],
    ['theta-sc2b', 'RICOH THETA SC2 for Business', [2]],
    ['insta360', 'Insta360 ONE X2', [2]],
  ] as const)('%s', async (model, name, apiLevel) => {
    const { url } = await start(model)
    const res = await fetch(`${url}/osc/info`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    const info = await res.json()
    expect(info).toMatchObject({ model: name, api: expect.arrayContaining(['/osc/commands/execute']) })
    expect(info.apiLevel).toEqual(apiLevel)
    expect(typeof info.uptime).toBe('number')
    const { body } = await post(`${url}/osc/state`, {}, XSRF)
    expect(body.fingerprint).toMatch(/^FIG_/)
    if (model === 'insta360') {
      // Only these three: no _captureStatus, no _recordedTime.
      expect(body.state).toEqual({ batteryLevel: 1, storageUri: `${url}/DCIM/`, _cardState: 'pass' })
      return
    }
    // Idle in image mode: no recording time at all.
    expect(body.state).toMatchObject({ _captureStatus: 'idle', _recordedTime: 0, _recordableTime: 0, batteryLevel: expect.any(Number) })
    if (model === 'theta-s' || model === 'theta-s-level1') {
      expect(body.state).toMatchObject({ _apiVersion: 1, _latestFileUri: '', sessionId: '', storageChanged: false })
      expect(body.state).not.toHaveProperty('storageUri')
    } else expect(body.state).toMatchObject({ _apiVersion: 2, _latestFileUrl: '', storageUri: expect.stringContaining(url) })
    if (model === 'theta-z1') expect(body.state.storageUri).toMatch(/\/files\/[0-9a-f]{32}\/$/)
    if (model === 'theta-sc2') expect(body.state.storageUri).toBe(`${url}/files`)
    if (model === 'theta-x') expect(body.state._cameraError).toEqual(['COMPASS_CALIBRATION'])
  })
})

describe('options', () => {
  it('theta-x reports values and …Support lists, and validates what is set', async () => {
    const { url } = await start('theta-x')
    const get = async (...optionNames: string[]) =>
      (await execute(url, 'camera.getOptions', { optionNames })).body.results.options
    expect(await get('captureMode', 'captureModeSupport', 'previewFormat', '_maxRecordableTime', '_maxRecordableTimeSupport'))
      .toEqual({
        captureMode: 'image', captureModeSupport: ['image', 'video'],
        previewFormat: { width: 1024, height: 512, framerate: 30 },
        _maxRecordableTime: 1500, _maxRecordableTimeSupport: [300, 1500, 3000, 7200],
      })
    expect((await get('dateTimeZone')).dateTimeZone).toMatch(/^\d{4}:\d\d:\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d$/)

    const set = (options: Record<string, unknown>) => execute(url, 'camera.setOptions', { options })
    expect((await set({ captureMode: 'video', _maxRecordableTime: 300, dateTimeZone: '2024:03:01 10:00:00+01:00' })).status).toBe(200)
    const now = await get('captureMode', '_maxRecordableTime', 'dateTimeZone')
    expect(now).toMatchObject({ captureMode: 'video', _maxRecordableTime: 300 })
    expect(now.dateTimeZone).toMatch(/^2024:03:01 10:00:0\d\+01:00$/)
    const bad = await set({ _maxRecordableTime: 60 })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ name: 'camera.setOptions', state: 'error', error: { code: 'invalidParameterValue', message: expect.any(String) } })
    expect((await set({ noSuchOption: 1 })).body.error.code).toBe('invalidParameterName')
    expect((await execute(url, 'camera.takeOver')).status).toBe(400)
  })

  it('theta-z1 and theta-s offer their own preview formats', async () => {
    const z1 = await start('theta-z1')
    const r = await execute(z1.url, 'camera.getOptions', { optionNames: ['previewFormatSupport', '_maxRecordableTime'] })
    expect(r.body.results.options.previewFormatSupport).toContainEqual({ width: 1024, height: 512, framerate: 8 })
    expect(r.body.results.options._maxRecordableTime).toBe(300)
    await z1.close()
    const s = await start('theta-s')
    const sid = (await execute(s.url, 'camera.startSession')).body.results.sessionId
    await execute(s.url, 'camera.setOptions', { sessionId: sid, options: { clientVersion: 2 } })
    const opts = await execute(s.url, 'camera.getOptions', { optionNames: ['previewFormatSupport', 'captureModeSupport'] })
    expect(opts.body.results.options).toEqual({
      previewFormatSupport: [{ width: 640, height: 320, framerate: 10 }], captureModeSupport: ['image', 'video'],
    })
  })

  it('checkForUpdates answers at once for an old fingerprint and long-polls for the current one', async () => {
    const { url } = await start('theta-x')
    const fp = (await post(`${url}/osc/state`)).body.fingerprint
    expect((await post(`${url}/osc/checkForUpdates`, { stateFingerprint: 'FIG_old' })).body)
      .toEqual({ stateFingerprint: fp, throttleTimeout: 1 })
    const t0 = performance.now()
    const waiting = post(`${url}/osc/checkForUpdates`, { stateFingerprint: fp, waitTimeout: 10 })
    setTimeout(() => em?.faults.lowBattery(), 300)
    const changed = await waiting
    expect(performance.now() - t0).toBeGreaterThan(250)
    expect(performance.now() - t0).toBeLessThan(3000)
    expect(changed.body.stateFingerprint).not.toBe(fp)
    const t1 = performance.now()
    await post(`${url}/osc/checkForUpdates`, { stateFingerprint: changed.body.stateFingerprint, waitTimeout: 0.5 })
    expect(performance.now() - t1).toBeGreaterThan(450)
  })
})

describe('theta-s level 1', () => {
  it('runs the session flow, upgrades with clientVersion 2, and falls back when Wi-Fi drops', async () => {
    const { url } = await start('theta-s')
    expect((await execute(url, 'camera.startCapture')).body.error.code).toBe('unknownCommand')
    const session = await execute(url, 'camera.startSession')
    expect(session.body.results).toEqual({ sessionId: 'SID_0001', timeout: 180 })
    const sessionId = 'SID_0001'
    expect((await execute(url, 'camera.getOptions', { optionNames: ['captureMode'] })).body.error.code).toBe('missingParameter')
    const wrong = await execute(url, 'camera.getOptions', { sessionId: 'SID_9', optionNames: ['captureMode'] })
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'invalidSessionId'])
    expect((await execute(url, 'camera.setOptions', { sessionId, options: { captureMode: 'video' } })).status).toBe(400)
    await execute(url, 'camera.setOptions', { sessionId, options: { captureMode: '_video' } })
    expect((await execute(url, 'camera._startCapture', { sessionId })).body.state).toBe('done')
    await sleep(1200)
    expect((await execute(url, 'camera._getLivePreview', { sessionId })).body.error.code).toBe('disabledCommand')
    expect((await execute(url, 'camera._stopCapture', { sessionId })).body).toEqual({ name: 'camera._stopCapture', state: 'done' })
    const state = (await post(`${url}/osc/state`)).body.state
    expect(state).toMatchObject({ sessionId, _apiVersion: 1, _latestFileUri: '100RICOH/R0010001.MP4' })
    const list = (await execute(url, 'camera._listAll', { sessionId, entryCount: 10 })).body.results
    expect(list.totalEntries).toBe(1)
    expect(list.entries[0]).toMatchObject({ name: 'R0010001.MP4', uri: '100RICOH/R0010001.MP4', recordTime: expect.any(Number) })
    const video = await fetch(`${url}/osc/commands/execute`, {
      method: 'POST', body: JSON.stringify({ name: 'camera._getVideo', parameters: { sessionId, fileUri: list.entries[0].uri } }),
    })
    expect(video.headers.get('content-type')).toBe('video/mp4')
    expect((await video.arrayBuffer()).byteLength).toBe(list.entries[0].size)

    await execute(url, 'camera.setOptions', { sessionId, options: { clientVersion: 2 } })
    expect((await post(`${url}/osc/state`)).body.state).toMatchObject({ _apiVersion: 2, _latestFileUrl: `${url}/files/100RICOH/R0010001.MP4` })
    expect((await execute(url, 'camera.listFiles', { fileType: 'video', entryCount: 5 })).body.results.totalEntries).toBe(1)

    em?.faults.wifiDrop(0.2)
    await sleep(300)
    expect((await post(`${url}/osc/state`)).body.state._apiVersion).toBe(1)
    expect((await execute(url, 'camera.listFiles', { fileType: 'video', entryCount: 5 })).body.error.code).toBe('unknownCommand')
  })
})

describe('theta-s-level1', () => {
  it('firmware 01.11 cannot be upgraded: clientVersion is not an option', async () => {
    const { url } = await start('theta-s-level1')
    const sessionId = (await execute(url, 'camera.startSession')).body.results.sessionId
    const upgrade = await execute(url, 'camera.setOptions', { sessionId, options: { clientVersion: 2 } })
    expect(upgrade.body.error.code).toBe('invalidParameterName')
    expect((await post(`${url}/osc/state`)).body.state).toMatchObject({ sessionId, _apiVersion: 1 })
  })
})

describe('insta360', () => {
  it('wants X-XSRF-Protected, refuses overlapping commands and has no live preview', async () => {
    const { url } = await start('insta360')
    const noHeader = await execute(url, 'camera.getOptions', { optionNames: ['captureMode'] })
    expect(noHeader.status).toBe(403)
    const [a, b] = await Promise.all([
      execute(url, 'camera.getOptions', { optionNames: ['captureMode'] }, XSRF),
      execute(url, 'camera.getOptions', { optionNames: ['captureMode'] }, XSRF),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 503])
    expect([a, b].find((r) => r.status === 503)?.body.error.code).toBe('serviceUnavailable')
    const preview = await execute(url, 'camera.getLivePreview', {}, XSRF)
    expect([preview.status, preview.body.error.code]).toEqual([403, 'disabledCommand'])
  })

  it('answers errors without name or state, one code with a trailing space, and 0 for the card sizes', async () => {
    const { url } = await start('insta360')
    const bad = await execute(url, 'camera.getOptions', { optionNames: ['noSuchOption'] }, XSRF)
    expect([bad.status, bad.body]).toEqual([400, { error: { code: 'invalidParameterName ', message: expect.any(String) } }])
    const space = await execute(url, 'camera.getOptions', { optionNames: ['totalSpace', 'remainingSpace'] }, XSRF)
    expect(space.body.results.options).toEqual({ totalSpace: 0, remainingSpace: 0 })
  })

  it('turns one video into two .mp4 files, one per lens, with their places on the card', async () => {
    const { url } = await start('insta360')
    await execute(url, 'camera.setOptions', { options: { captureMode: 'video' } }, XSRF)
    await execute(url, 'camera.startCapture', {}, XSRF)
    await sleep(700)
    const stop = await execute(url, 'camera.stopCapture', {}, XSRF)
    expect(stop.body.results.fileUrls).toHaveLength(2)
    expect(stop.body.results.fileUrls[0]).toMatch(/\/DCIM\/Camera01\/VID_\d{8}_\d{6}_00_001\.mp4$/)
    expect(stop.body.results.fileUrls[1]).toMatch(/_10_001\.mp4$/)
    expect(stop.body.results._localFileUrls).toEqual([expect.stringMatching(/_00_001\.mp4$/), expect.stringMatching(/_10_001\.mp4$/)])
    const list = await execute(url, 'camera.listFiles', { fileType: 'video', entryCount: 10 }, XSRF)
    expect(list.body.results.totalEntries).toBe(2)
    expect((await fetch(stop.body.results.fileUrls[1])).status).toBe(200)
  })
})

describe('what firmware really answers', () => {
  const record = async (url: string) => {
    await execute(url, 'camera.setOptions', { options: { captureMode: 'video' } })
    return execute(url, 'camera.startCapture')
  }

  it.each([
    ['theta-x', /\/files\/100RICOH\/R0010001\.MP4$/],
    ['theta-z1', /\/files\/[0-9a-f]{32}\/100RICOH\/R0010001\.MP4$/],
  ] as const)('%s names the file at the top level of the startCapture answer', async (model, file) => {
    const { url } = await start(model)
    const started = await record(url)
    expect(started.body).toEqual({ name: 'camera.startCapture', state: 'done', _fileUrls: [expect.stringMatching(file)] })
    const stopped = await execute(url, 'camera.stopCapture')
    expect(stopped.body.results.fileUrls).toEqual(started.body._fileUrls)
  })

  it('theta-sc2b names it in a singular results.fileUrl; theta-sc2 not at all', async () => {
    const { url } = await start('theta-sc2b')
    expect((await record(url)).body.results).toEqual({ fileUrl: `${url}/files/100RICOH/R0010001.MP4` })
    await em?.close()
    const sc2 = await start('theta-sc2')
    expect((await record(sc2.url)).body).toEqual({ name: 'camera.startCapture', state: 'done' })
  })

  it('theta-sc2 answers getOptions as "camera.getOpions" and checkForUpdates without throttleTimeout', async () => {
    const { url } = await start('theta-sc2')
    expect((await execute(url, 'camera.getOptions', { optionNames: ['captureMode'] })).body.name).toBe('camera.getOpions')
    const fp = (await post(`${url}/osc/state`)).body.fingerprint
    expect((await post(`${url}/osc/checkForUpdates`, { stateFingerprint: fp })).body).toEqual({ stateFingerprint: fp })
  })

  it('reports _recordTime as a string on theta-x and a number on theta-z1; video mode reports the time left', async () => {
    for (const [model, type] of [['theta-x', 'string'], ['theta-z1', 'number']] as const) {
      const { url } = await start(model)
      await record(url)
      await sleep(1100)
      await execute(url, 'camera.stopCapture')
      expect((await post(`${url}/osc/state`)).body.state._recordableTime).toBeGreaterThan(0)
      const list = await execute(url, 'camera.listFiles', { fileType: 'video', entryCount: 1 })
      expect(typeof list.body.results.entries[0]._recordTime).toBe(type)
      await em?.close()
      em = undefined
    }
  })

  it('a hot camera warns in _cameraError; GPS without a fix is the 65535 sentinel (X) or {} (Z1)', async () => {
    const { url } = await start('theta-x')
    em?.faults.highTemperature()
    expect((await post(`${url}/osc/state`)).body.state._cameraError).toEqual(['COMPASS_CALIBRATION', 'HIGH_TEMPERATURE_WARNING'])
    expect((await execute(url, 'camera.getOptions', { optionNames: ['gpsInfo'] })).body.results.options.gpsInfo)
      .toMatchObject({ lat: 65535, lng: 65535 })
    await em?.close()
    const z1 = await start('theta-z1')
    expect((await execute(z1.url, 'camera.getOptions', { optionNames: ['gpsInfo'] })).body.results.options.gpsInfo).toEqual({})
  })
})
