// Answers recorded from real cameras (fixtures/), each read the way the app needs it (issue 10).
import { describe, expect, it } from 'vitest'
import { connectCamera, displayName } from './camera'
import { createCommands } from './commands'
import { detectCapabilities } from './capabilities'
import { parseFileList, parseInfo, parseOptions, parseState } from './parse'
import { createFakeClock } from './testing/fake-clock'
import { resolveCameraUrl, type CameraRequest, type CameraTransport } from './transport'
import checkNoThrottle from './fixtures/checkforupdates-no-throttle.json'
import errorInsta from './fixtures/error-insta360-trailing-space.json'
import optionsInstaSpace from './fixtures/getoptions-insta360-space.json'
import optionsSc2 from './fixtures/getoptions-theta-sc2-misspelled.json'
import optionsXGps from './fixtures/getoptions-theta-x-gps.json'
import optionsZ1Gps from './fixtures/getoptions-theta-z1-gps.json'
import infoInsta from './fixtures/info-insta360-onex2.json'
import infoS from './fixtures/info-theta-s-01.90.json'
import infoX from './fixtures/info-theta-x.json'
import infoZ1 from './fixtures/info-theta-z1.json'
import listX from './fixtures/listfiles-theta-x-video.json'
import startSc2b from './fixtures/startcapture-theta-sc2b.json'
import startX from './fixtures/startcapture-theta-x-2.61.json'
import startZ1 from './fixtures/startcapture-theta-z1-3.60.3.json'
import stateInsta from './fixtures/state-insta360-onex2.json'
import stateS from './fixtures/state-theta-s-01.90-level1.json'
import stateXImage from './fixtures/state-theta-x-image-idle.json'
import stopInsta from './fixtures/stopcapture-insta360-onex2.json'
import startInsta from './fixtures/startcapture-insta360-onex2.json'
import notRecordingInsta from './fixtures/error-insta360-not-recording.json'
import dateTimeInsta from './fixtures/getoptions-insta360-datetime.json'
import listInstaMp4 from './fixtures/listfiles-insta360-onex2-mp4.json'

type Answer = { status?: number; body: unknown }
type Parameters = Record<string, unknown> | undefined

/** A camera that answers each endpoint or command with a recorded body (chosen by its parameters where given). */
function recorded(answers: Record<string, Answer | ((parameters: Parameters) => Answer)>): CameraTransport & { sent: string[] } {
  const sent: string[] = []
  return {
    baseUrl: 'http://192.168.1.1',
    sent,
    async send(req: CameraRequest) {
      const { name, parameters } = (req.body ?? {}) as { name?: string; parameters?: Parameters }
      const key = req.path === '/osc/commands/execute' && name ? name : req.path
      sent.push(key)
      const given = answers[key]
      const answer = typeof given === 'function' ? given(parameters) : given
      if (!answer) return new Response(JSON.stringify({ state: 'error', error: { code: 'unknownCommand' } }), { status: 400 })
      return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 })
    },
  }
}

function commandsFor(info: unknown, answers: Record<string, Answer>) {
  const capabilities = detectCapabilities(parseInfo(info))
  return createCommands({ transport: recorded(answers), capabilities, session: { level: 2 }, clock: createFakeClock(), modeSwitchDelayMs: 0 })
}

describe('real answers', () => {
  it.each([
    ['THETA X 2.61', infoX, startX, ['http://192.168.1.1/files/100RICOH/R0010087.MP4']],
    ['THETA Z1 3.60.3 (storage id in the path)', infoZ1, startZ1,
      ['http://192.168.1.1/files/150100524436344d4201375fda9dc400/100RICOH/R0010012.MP4']],
    ['SC2 for Business (singular results.fileUrl)', infoX, startSc2b, ['http://192.168.1.1/files/100RICOH/R0010005.MP4']],
  ])('%s: startCapture names the file at once', async (_, info, body, urls) => {
    expect(await commandsFor(info, { 'camera.startCapture': { body } }).startCapture()).toEqual(urls)
  })

  it('an answer named "camera.getOpions" is still the getOptions answer', async () => {
    const options = await commandsFor(infoX, { 'camera.getOptions': { body: optionsSc2 } }).getOptions(['captureMode'])
    expect(options).toMatchObject({ captureMode: 'video', remainingSpace: 24155144192 })
  })

  it('checkForUpdates without throttleTimeout', async () => {
    const r = await commandsFor(infoX, { '/osc/checkForUpdates': { body: checkNoThrottle } }).checkForUpdates('FIG_0003')
    expect(r).toEqual({ fingerprint: 'FIG_0004', throttleTimeoutSeconds: 0 })
  })

  it('Insta360: an error body without name or state, its code trimmed', async () => {
    const c = commandsFor(infoInsta, { 'camera.getOptions': { status: 400, body: errorInsta } })
    await expect(c.getOptions(['_maxRecordableTime'])).rejects.toMatchObject({ code: 'refused', cameraCode: 'invalidParameterName' })
  })

  it('Insta360: stopCapture names both lenses\' .mp4 files, not the card paths', async () => {
    const urls = await commandsFor(infoInsta, { 'camera.stopCapture': { body: stopInsta } }).stopCapture()
    expect(urls).toEqual(stopInsta.results.fileUrls)
  })

  it('Insta360: a state with only _cardState, an integer battery and storageUri with :80 — capture status unknown', () => {
    expect(parseState(stateInsta)).toMatchObject({
      batteryLevel: 1, captureStatus: 'unknown', recordedSeconds: 0, storageUri: 'http://192.168.42.1:80/DCIM/', warnings: [],
    })
    expect(detectCapabilities(parseInfo(infoInsta)).followsClipEnd).toBe(false)
    expect(detectCapabilities(parseInfo(infoX)).followsClipEnd).toBe(true)
  })

  it('THETA S 01.90: apiLevel [1, 2]; its level-1 state has sessionId and _latestFileUri', () => {
    expect(parseInfo(infoS).apiLevels).toEqual([1, 2])
    expect(parseState(stateS)).toMatchObject({ apiVersion: 1, sessionId: 'SID_0001', latestFile: '100RICOH/R0010017.MP4', storageUri: undefined })
  })

  it('_cameraError: temperature is a warning for the coach, compass calibration is not', () => {
    const state = parseState(stateXImage)
    expect(state.cameraErrors).toEqual(['COMPASS_CALIBRATION', 'HIGH_TEMPERATURE_WARNING'])
    expect(state.warnings).toEqual(['highTemperature'])
  })

  it('_recordTime as a string (THETA X) is a number of seconds', () => {
    const [first] = parseFileList(listX.results).files
    expect(typeof listX.results.entries[0]?._recordTime).toBe('string')
    expect(first?.recordSeconds).toBe(Number(listX.results.entries[0]?._recordTime))
  })

  it('GPS without a fix (65535 sentinel, {}) does not disturb the options', () => {
    expect(parseOptions(optionsXGps.results)).toMatchObject({ captureMode: 'image', totalSpace: 64050724864 })
    expect(parseOptions(optionsZ1Gps.results)).toMatchObject({ captureMode: 'video', totalSpace: 19902365696 })
  })

  it('model names: "RICOH THETA X", not "RICOH RICOH THETA X"', () => {
    expect(displayName(parseInfo(infoX))).toBe('RICOH THETA X')
    expect(displayName({ manufacturer: 'Arashi Vision', model: 'Insta360 ONE X2' })).toBe('Arashi Vision Insta360 ONE X2')
  })

  it('through a relay only the path of a camera\'s file URL is used', () => {
    const relay = 'http://192.168.1.20:8081'
    expect(resolveCameraUrl(relay, startZ1._fileUrls[0]!).href)
      .toBe('http://192.168.1.20:8081/files/150100524436344d4201375fda9dc400/100RICOH/R0010012.MP4')
    expect(resolveCameraUrl(relay, stopInsta.results.fileUrls[0]!).href)
      .toBe('http://192.168.1.20:8081/DCIM/Camera01/VID_20240301_101500_00_014.mp4')
  })
})

describe('Insta360: a clip the camera ended by itself', () => {
  // Its state names no file and has no capture status; the only sign is the refused stop. The camera's
  // clock (09:30 local) is not the tablet's (08:00 UTC), and the card holds an older clip too.
  async function recordAndStop(listing: unknown) {
    const clock = createFakeClock()
    const transport = recorded({
      '/osc/info': { body: infoInsta },
      '/osc/state': { body: stateInsta },
      '/osc/checkForUpdates': { body: checkNoThrottle },
      'camera.setOptions': { body: { name: 'camera.setOptions', state: 'done' } },
      'camera.getOptions': (p) => (p?.optionNames as string[]).includes('dateTimeZone')
        ? { body: dateTimeInsta }
        : { status: 400, body: errorInsta },
      'camera.startCapture': { body: startInsta },
      'camera.stopCapture': { status: 400, body: notRecordingInsta },
      'camera.listFiles': { body: listing },
    })
    const camera = await connectCamera({ baseUrl: transport.baseUrl, transport, clock, modeSwitchDelayMs: 0 })
    const recorder = camera.recorder()
    const starting = recorder.start()
    await clock.advance(0)
    expect((await starting).fileUrls).toEqual([])
    // The camera reads 09:32:35 when asked at the stop, 150 s on.
    await clock.advance(150_000)
    return { clip: await recorder.stop(), recorder }
  }

  it('finds its files in listFiles by the camera\'s clock: the first video made at or after the clip\'s start, both lenses', async () => {
    const { clip, recorder } = await recordAndStop(listInstaMp4)
    expect(recorder.phase).toBe('stopped')
    expect(clip).toMatchObject({
      endedBy: 'us',
      fileUrl: 'http://192.168.42.1:80/DCIM/Camera01/VID_20260312_093005_00_015.mp4',
      fileUrls: [
        'http://192.168.42.1:80/DCIM/Camera01/VID_20260312_093005_00_015.mp4',
        'http://192.168.42.1:80/DCIM/Camera01/VID_20260312_093005_10_015.mp4',
      ],
    })
  })

  it('never takes an older clip\'s file for it', async () => {
    const older = { ...listInstaMp4, results: { entries: listInstaMp4.results.entries.slice(2), totalEntries: 2 } }
    const { clip } = await recordAndStop(older)
    expect(clip).toMatchObject({ endedBy: 'us', fileUrls: [] })
    expect(clip!.fileUrl).toBeUndefined()
  })

  it('a file\'s time from its name where the entry has no dateTimeZone', () => {
    const [entry] = parseFileList({ entries: [{ ...listInstaMp4.results.entries[0], dateTimeZone: undefined }] }).files
    expect(entry!.wallTime).toBe(Date.UTC(2026, 2, 12, 9, 30, 5))
  })
})

describe('summary', () => {
  const base = { '/osc/info': { body: infoX } }

  it('image mode: recording time left is not known (not 0:00); the name is not doubled', async () => {
    const transport = recorded({ ...base, '/osc/state': { body: stateXImage }, 'camera.getOptions': { body: optionsXGps } })
    const summary = await (await connectCamera({ baseUrl: transport.baseUrl, transport })).summary()
    expect(summary).toMatchObject({ displayName: 'RICOH THETA X', recordableSeconds: undefined, remainingSpace: 52133896192 })
  })

  it('a card of 0 bytes (Insta360) is not known, not "0 B"', async () => {
    const transport = recorded({ '/osc/info': { body: infoInsta }, '/osc/state': { body: stateInsta }, 'camera.getOptions': { body: optionsInstaSpace } })
    const summary = await (await connectCamera({ baseUrl: transport.baseUrl, transport })).summary()
    expect(summary).toMatchObject({ remainingSpace: undefined, totalSpace: undefined, batteryLevel: 1 })
  })
})
