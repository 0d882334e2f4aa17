import { describe, expect, it } from 'vitest'
import { detectCapabilities } from './capabilities'
import { parseCommandReply, parseFileList, parseInfo, parseJsonText, parseOptions, parseState } from './parse'
import getOptionsX from './fixtures/getoptions-theta-x.json'
import infoInsta from './fixtures/info-insta360.json'
import infoS from './fixtures/info-theta-s.json'
import infoSOld from './fixtures/info-theta-s-old.json'
import infoX from './fixtures/info-theta-x.json'
import infoZ1 from './fixtures/info-theta-z1.json'
import listAllS from './fixtures/listall-theta-s.json'
import listInsta from './fixtures/listfiles-insta360.json'
import listX from './fixtures/listfiles-theta-x-video.json'
import stateInsta from './fixtures/state-insta360.json'
import stateS from './fixtures/state-theta-s-level1.json'
import stateX from './fixtures/state-theta-x-recording.json'
import stateZ1 from './fixtures/state-theta-z1.json'
import { seededRandom } from './testing/mjpeg'

describe('info and capabilities', () => {
  it.each([
    [infoX, 'theta-x', [2], { previewWhileRecording: true, livePreview: true, oneCommandAtATime: false }],
    [infoZ1, 'theta-z1', [2], { previewWhileRecording: false, livePreview: true }],
    [infoS, 'theta-s', [1, 2], { livePreview: true }],
    [infoSOld, 'theta-s', [1], {}],
    [infoInsta, 'insta360', [2], { livePreview: false, oneCommandAtATime: true, pollIntervalMs: 1000 }],
    [{ manufacturer: 'Acme', model: 'Sphere 1', apiLevel: ['2'] }, 'osc', [2], { waitTimeout: true }],
  ])('%#: %s', (json, family, levels, caps) => {
    const info = parseInfo(json)
    expect(info.apiLevels).toEqual(levels)
    expect(detectCapabilities(info)).toMatchObject({ family, ...caps })
  })

  it('reads a string uptime and keeps unknown fields out', () => {
    expect(parseInfo(infoZ1)).toMatchObject({ model: 'RICOH THETA Z1', firmwareVersion: '3.01.1', uptimeSeconds: 1023 })
    expect(parseInfo({})).toMatchObject({ model: '', apiLevels: [1] })
  })
})

describe('state', () => {
  it('THETA X while recording: string numbers', () => {
    expect(parseState(stateX)).toMatchObject({
      fingerprint: 'FIG_0042',
      batteryLevel: 0.58,
      captureStatus: 'shooting',
      recordedSeconds: 37,
      recordableSeconds: 2815,
      latestFile: 'http://192.168.1.1/files/100RICOH/R0010087.MP4',
      apiVersion: 2,
    })
  })

  it('Z1, THETA S level 1 and Insta360', () => {
    expect(parseState(stateZ1)).toMatchObject({ batteryLevel: 1, captureStatus: 'idle', cameraErrors: ['COMPASS_CALIBRATION'] })
    expect(parseState(stateS)).toMatchObject({ apiVersion: 1, sessionId: 'SID_0001', latestFile: '100RICOH/R0010017.MP4' })
    // A percentage where OSC says 0..1.
    expect(parseState(stateInsta)).toMatchObject({ batteryLevel: 0.82, captureStatus: 'idle', recordedSeconds: 0 })
  })
})

describe('files and options', () => {
  it('THETA X listFiles: string _recordTime and size, entry without URL skipped', () => {
    const list = parseFileList(parseCommandReply(listX).results)
    expect(list.totalEntries).toBe(19)
    expect(list.files).toHaveLength(2)
    expect(list.files[0]).toMatchObject({ id: listX.results.entries[0]!.fileUrl, recordSeconds: 1500, size: 5906251776, isVideo: true })
    expect(list.files[1]).toMatchObject({ recordSeconds: 2, size: 12629609, frameRate: 30 })
  })

  it('THETA S camera._listAll maps to the same entry type', () => {
    const list = parseFileList(parseCommandReply(listAllS).results)
    expect(list.continuationToken).toBe('2')
    expect(list.files[0]).toEqual(
      expect.objectContaining({ id: '100RICOH/R0010017.MP4', name: 'R0010017.MP4', fileUrl: undefined, recordSeconds: 300, isVideo: true }),
    )
    expect(list.files[1]!.isVideo).toBe(false)
  })

  it('Insta360: two .insv files per video', () => {
    const list = parseFileList(parseCommandReply(listInsta).results)
    expect(list.files.map((f) => f.isVideo)).toEqual([true, true])
  })

  it('getOptions with support lists', () => {
    const o = parseOptions(parseCommandReply(getOptionsX).results)
    expect(o).toMatchObject({ captureMode: 'video', maxRecordableTime: 300, maxRecordableTimeSupport: [300, 1500, 3000], totalSpace: 63864569856 })
    expect(o.previewFormatSupport).toHaveLength(3)
    expect(o.raw._topBottomCorrection).toBe('Apply')
  })

  it('an error body', () => {
    expect(parseCommandReply({ name: 'camera.startCapture', state: 'error', error: { code: 'disabledCommand', message: 'x' } })).toMatchObject({
      state: 'error',
      errorCode: 'disabledCommand',
    })
  })
})

describe('fuzz: JSON parsing', () => {
  const samples = [infoX, stateX, listX, listAllS, getOptionsX].map((j) => JSON.stringify(j))
  it('truncated, mutated and garbage input gives a value or CameraError(badResponse), never a crash', () => {
    const rnd = seededRandom(99)
    const parsers = [parseInfo, parseState, (v: unknown) => parseFileList(parseCommandReply(v).results), (v: unknown) => parseOptions(parseCommandReply(v).results)]
    for (let n = 0; n < 4000; n++) {
      const base = samples[n % samples.length]!
      let text = base.slice(0, (rnd() * base.length) | 0)
      if (n % 3 === 0) text = base.replace(/\d/g, () => (rnd() < 0.1 ? '"x"' : String((rnd() * 10) | 0)))
      if (n % 7 === 0) text = Array.from({ length: (rnd() * 200) | 0 }, () => String.fromCharCode((rnd() * 128) | 0)).join('')
      if (n % 11 === 0) text = JSON.stringify({ state: 'x'.repeat(10_000), fingerprint: [1], results: null })
      for (const parse of parsers) {
        try {
          parse(parseJsonText(text))
        } catch (e) {
          expect(e).toMatchObject({ name: 'CameraError', code: 'badResponse' })
        }
      }
    }
  })
})
