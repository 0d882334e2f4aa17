import { mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ALL_FORMATS, BufferSource, Input } from 'mediabunny'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index'
import { isMediaError } from './errors'
import { cutFragments, type TimeWindow } from './fragments'
import { countingSource, httpSource, type ByteSource } from './source'
import { decodesCleanly, fileSink, makeClipWithAudio, streamKinds, stripeMs } from './testing'

const CLIP_SEC = 60
const GOP_SEC = 1 // the emulator puts a keyframe every 30 frames at 30 fps
const WIDTH = 1024
const HEIGHT = 512

const cams: Partial<Record<keyof typeof urls, Emulator>> = {}
const urls = { start: '', end: '', noRange: '' }
let dir: string

// All three cameras seed at once: encoding is most of this file's runtime.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rondblik-fragments-'))
  const seeded = async (key: keyof typeof urls, options: Partial<EmulatorOptions>, durationSec: number) => {
    const cam = await startEmulator({ model: 'theta-x', port: 0, cors: true, modeSwitchMs: 0, ...options })
    cams[key] = cam
    urls[key] = (await cam.seed({ durationSec })).fileUrls[0] ?? ''
  }
  await Promise.all([seeded('start', { moov: 'start' }, CLIP_SEC), seeded('end', { moov: 'end' }, CLIP_SEC), seeded('noRange', { range: false }, 2)])
}, 90_000)
afterAll(async () => {
  await Promise.all(Object.values(cams).map((cam) => cam.close()))
  rmSync(dir, { recursive: true, force: true })
})

function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.byteLength, read: async (start, end) => bytes.slice(start, end) }
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(() => new Error('resolved'), (e: unknown) => e)
}

describe.each(['start', 'end'] as const)('cutFragments, moov at the %s', (moov) => {
  const url = () => urls[moov]

  async function cut(windows: TimeWindow[]) {
    const source = countingSource(await httpSource(url()))
    const files = windows.map((_, i) => join(dir, `${moov}-${windows[0]?.[0]}-${i}.mp4`))
    const reported: number[] = []
    const { fragments: cutWindows, durationSec } = await cutFragments(source, windows, (i) => fileSink(files[i] ?? ''), {
      onCut: (i) => { reported.push(i) },
    })
    expect(reported).toEqual(windows.map((_, i) => i))
    expect(durationSec).toBeCloseTo(CLIP_SEC, 1)
    return { source, files, cutWindows }
  }

  async function expectCovers(file: string, [from, to]: TimeWindow) {
    await decodesCleanly(file)
    const input = new Input({ formats: ALL_FORMATS, source: new BufferSource(await readFile(file)) })
    const duration = await input.computeDuration()
    const shown = Math.min(to, CLIP_SEC) - from
    expect(duration).toBeGreaterThanOrEqual(shown - 0.05)
    expect(duration).toBeLessThanOrEqual(shown + GOP_SEC + 0.05)
    const first = await stripeMs(file, 'first', WIDTH, HEIGHT)
    const last = await stripeMs(file, 'last', WIDTH, HEIGHT)
    expect(first).not.toBeNull()
    expect(first!).toBeLessThanOrEqual(from * 1000)
    expect(first!).toBeGreaterThan((from - GOP_SEC) * 1000 - 1)
    expect(last!).toBeGreaterThanOrEqual(Math.min(to, CLIP_SEC - 1 / 30) * 1000 - 40)
  }

  it('cuts keyframe-aligned, playable windows at the start, middle and end, fetching little more than they hold', async () => {
    const windows: TimeWindow[] = [[0, 6], [24.5, 34.5], [50, 60]]
    const { source, files, cutWindows } = await cut(windows)
    for (const [i, w] of windows.entries()) await expectCovers(files[i] ?? '', w)
    expect(cutWindows[1]?.startSec).toBeCloseTo(24, 1)

    const share = windows.reduce((sum, [a, b]) => sum + b - a, 0) / CLIP_SEC
    const index = 64 * 1024
    console.info(`moov at ${moov}: fetched ${source.bytesFetched} of ${source.size} bytes (${source.requests} requests) for ${(share * 100).toFixed(0)} % of the clip`)
    expect(source.bytesFetched).toBeLessThanOrEqual(1.2 * share * source.size + index)
  }, 60_000)

  it('cuts a window that runs past the clip end up to the last frame', async () => {
    const { files } = await cut([[55, 75]])
    await expectCovers(files[0] ?? '', [55, 75])
  }, 30_000)

  it('finds the index of a large file without reading its media data', async () => {
    const [big = ''] = (await cams[moov]!.seed({ durationSec: 4, targetBytes: 200_000_000 })).fileUrls
    const source = countingSource(await httpSource(big))
    await cutFragments(source, [[1, 2]], () => new WritableStream())
    console.info(`moov at ${moov}, 200 MB file: fetched ${source.bytesFetched} bytes in ${source.requests} requests`)
    expect(source.size).toBeGreaterThan(199_000_000)
    expect(source.bytesFetched).toBeLessThan(300_000)
  }, 30_000)

  it('refuses a truncated file as badMp4', async () => {
    const whole = new Uint8Array(await (await fetch(url())).arrayBuffer())
    const error = await rejection(cutFragments(memorySource(whole.slice(0, whole.byteLength * 0.6)), [[40, 50]], () => new WritableStream()))
    expect(isMediaError(error, 'badMp4')).toBe(true)
  })
})

it('keeps the sound of a clip that has some', async () => {
  const clip = join(dir, 'with-audio.mp4')
  const cut = join(dir, 'with-audio-cut.mp4')
  await makeClipWithAudio(clip, 6)
  await cutFragments(memorySource(await readFile(clip)), [[2.5, 4.5]], () => fileSink(cut))
  await decodesCleanly(cut)
  expect(await streamKinds(cut)).toEqual(['Video', 'Audio'])
  const input = new Input({ formats: ALL_FORMATS, source: new BufferSource(await readFile(cut)) })
  const audio = await input.getPrimaryAudioTrack()
  expect(await audio?.computeDuration()).toBeGreaterThan(2)
})

describe('cutFragments on files it cannot cut', () => {
  it('says noRange when the camera ignores Range, so the caller can import the whole file', async () => {
    expect(isMediaError(await rejection(httpSource(urls.noRange)), 'noRange')).toBe(true)
  })

  it('tells a dropped link from a bad file', async () => {
    const whole = new Uint8Array(await (await fetch(urls.end)).arrayBuffer())
    let reads = 0
    const flaky: ByteSource = { size: whole.byteLength, read: async (start, end) => { if (++reads > 12) throw new TypeError('fetch failed'); return whole.slice(start, end) } }
    const error = await rejection(cutFragments(flaky, [[10, 40]], () => new WritableStream()))
    expect(isMediaError(error, 'linkDropped')).toBe(true)
  })

  it('refuses a file that is not an MP4 as badMp4', async () => {
    const jpeg = new Uint8Array(await (await fetch(`${urls.end}?type=thumb`)).arrayBuffer())
    const error = await rejection(cutFragments(memorySource(jpeg), [[0, 5]], () => new WritableStream()))
    expect(isMediaError(error, 'badMp4')).toBe(true)
  })
})
