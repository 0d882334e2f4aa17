import 'fake-indexeddb/auto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Camera } from '../camera'
import { CameraError } from '../camera'
import { createRepositories } from '../db/repositories'
import { openTestDb } from '../db/testing'
import { MediaError } from './errors'
import type { ImportResult } from './import'
import { createImportEngine, newImportState, RECONNECT_EVERY_MS, type WholeFileWriter } from './import-engine'

const SIZE = 1000

beforeEach(() => {
  vi.stubGlobal('navigator', { storage: { estimate: async () => ({ quota: 1e12, usage: 0 }) } })
})
afterEach(() => { vi.unstubAllGlobals() })

/** A camera that holds one file of SIZE bytes and answers `state` while `reachable()` says so. */
function fakeCamera(reachable: () => boolean = () => true) {
  const stateCalls: number[] = []
  const cam = {
    probeFile: async () => ({ size: SIZE, acceptsRanges: true }),
    download: async () => new ReadableStream<Uint8Array>(),
    state: async () => {
      stateCalls.push(1)
      if (!reachable()) throw new CameraError('unreachable')
      return {}
    },
  }
  return { cam: cam as unknown as Camera, stateCalls }
}

async function setup(writeWhole: WholeFileWriter, clock = () => 1_700_000_000_000) {
  const repos = createRepositories(openTestDb())
  const recording = await repos.recordings.create({
    lessonId: 'l1', clipIndex: 0, cameraFileUrl: 'http://camera/R001.MP4', startedAt: 0, requestedAt: 0, confirmedAt: 0,
    stoppedAt: 10_000, durationSec: 10, bytes: 'none',
  })
  const slept: number[] = []
  const engine = createImportEngine({
    repos, writeWhole, now: clock, sleep: (ms) => { slept.push(ms); return new Promise((resolve) => setTimeout(resolve, 0)) }, placeMarkers: async () => undefined,
  })
  return { repos, recording, engine, slept }
}

const paused = (reached: number, crc: number): ImportResult => ({ reached, crc, size: SIZE, bytesPerSec: 0, secondsLeft: null, state: 'paused' })

describe('the import engine, whole file', () => {
  it('keeps the bytes reached before a drop, waits for the camera and goes on from there', async () => {
    const runs: { reached: number; crc: number }[] = []
    const writeWhole: WholeFileWriter = async (options) => {
      runs.push({ reached: options.reached, crc: options.crc })
      if (runs.length === 1) {
        options.onProgress?.({ reached: 300, size: SIZE, crc: 7, bytesPerSec: 100, secondsLeft: 7 })
        throw new MediaError('linkDropped', { reached: 300 })
      }
      return paused(500, 9)
    }
    const { repos, recording, engine, slept } = await setup(writeWhole)
    let back = false
    const { cam, stateCalls } = fakeCamera(() => back)
    const job = newImportState('full')
    const signal = new AbortController().signal
    const running = engine.importRecording(cam, recording, job, signal)
    await vi.waitFor(async () => expect((await repos.videoFiles.byRecordings([recording.id]))[0]?.reached).toBe(300))
    back = true
    await running
    expect(runs).toEqual([{ reached: 0, crc: 0 }, { reached: 300, crc: 7 }])
    expect(slept.every((ms) => ms === RECONNECT_EVERY_MS)).toBe(true)
    expect(stateCalls.length).toBeGreaterThanOrEqual(1)
    expect(job.phase).toBe('paused')
    expect((await repos.videoFiles.byRecordings([recording.id]))[0]).toMatchObject({ kind: 'full', state: 'paused', reached: 500, crc: 9, size: SIZE })
  })

  it('gives up after two minutes without the camera, keeping what it has', async () => {
    let t = 1_700_000_000_000
    const writeWhole: WholeFileWriter = async (options) => {
      t += 61_000
      options.onProgress?.({ reached: options.reached + 100, size: SIZE, crc: 1, bytesPerSec: 0, secondsLeft: null })
      throw new MediaError('linkDropped', { reached: options.reached + 100 })
    }
    const { repos, recording, engine } = await setup(writeWhole, () => t)
    const { cam } = fakeCamera()
    const job = newImportState('full')
    await expect(engine.importRecording(cam, recording, job, new AbortController().signal)).rejects.toMatchObject({ code: 'linkDropped' })
    expect((await repos.videoFiles.byRecordings([recording.id]))[0]).toMatchObject({ state: 'importing', reached: 300 })
  })

  it('refuses a file that cannot fit before a byte is fetched', async () => {
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ quota: 500, usage: 0 }) } })
    const writeWhole = vi.fn<WholeFileWriter>()
    const { repos, recording, engine } = await setup(writeWhole)
    await expect(engine.importRecording(fakeCamera().cam, recording, newImportState('full'), new AbortController().signal))
      .rejects.toMatchObject({ code: 'noSpace', needed: SIZE, free: 500 })
    expect(writeWhole).not.toHaveBeenCalled()
    expect(await repos.videoFiles.byRecordings([recording.id])).toEqual([])
  })
})
