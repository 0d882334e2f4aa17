import { createHash } from 'node:crypto'
import { crc32 as nodeCrc32 } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/index'
import { connectCamera, type Camera } from '../camera'
import { crc32 } from './crc32'
import { isMediaError, MediaError } from './errors'
import { cutFragments } from './fragments'
import { importFile, type ImportOptions, type ImportProgress } from './import'
import { cameraSource, countingSource } from './source'

let cam: Emulator
let camera: Camera
let url: string
let original: Uint8Array

beforeAll(async () => {
  cam = await startEmulator({ model: 'theta-x', port: 0, cors: true, modeSwitchMs: 0 })
  ;[url = ''] = (await cam.seed({ durationSec: 8 })).fileUrls
  camera = await connectCamera({ baseUrl: cam.url, modeSwitchDelayMs: 0 })
  original = new Uint8Array(await (await fetch(url)).arrayBuffer())
}, 60_000)
afterAll(async () => {
  await cam?.close()
})

/** An in-memory stand-in for the OPFS file: keeps what was closed, drops anything past a resume point. */
function memoryFile() {
  let stored = new Uint8Array(0)
  return {
    get bytes() { return stored },
    async open(at: number): Promise<WritableStream<Uint8Array>> {
      const chunks: Uint8Array[] = [stored.slice(0, at)]
      return new WritableStream({
        write(chunk) { chunks.push(chunk.slice()) },
        close() { stored = new Uint8Array(Buffer.concat(chunks)) },
      })
    },
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('importFile', () => {
  it('resumes a download cut mid-way from the byte reached and ends byte-identical', async () => {
    const file = memoryFile()
    const size = (await camera.probeFile(url)).size ?? 0
    const base: ImportOptions = {
      size,
      download: (start, signal) => camera.download(url, { start }, signal),
      open: (at) => file.open(at),
    }
    const cutAt = Math.floor(size * 0.4)
    cam.faults.cutDownloadAfter(cutAt)
    let last: ImportProgress | undefined
    const dropped = await importFile({ ...base, onProgress: (p) => { last = p } }).then(() => null, (e: unknown) => e)
    expect(isMediaError(dropped, 'linkDropped')).toBe(true)
    const reached = (dropped as MediaError).reached ?? 0
    expect(reached).toBeGreaterThan(0)
    expect(reached).toBeLessThanOrEqual(cutAt)
    expect(last?.reached).toBe(reached)

    const done = await importFile({ ...base, reached, crc: last?.crc, onProgress: (p) => { last = p } })
    expect(done).toMatchObject({ state: 'done', reached: size })
    expect(sha256(file.bytes)).toBe(sha256(original))
    expect(done.crc).toBe(nodeCrc32(original))
    expect(last?.secondsLeft).toBe(0)
  }, 30_000)

  it('pauses when aborted and resumes from there', async () => {
    const file = memoryFile()
    const pause = new AbortController()
    const base: ImportOptions = {
      size: original.byteLength,
      download: async (start, signal) => (await fetch(url, { headers: { Range: `bytes=${start}-` }, signal })).body!,
      open: (at) => file.open(at),
    }
    let paused = 0
    const first = await importFile({ ...base, signal: pause.signal, onProgress: (p) => { if (p.reached > 0 && !pause.signal.aborted) pause.abort(); paused = p.reached } })
    expect(first.state).toBe('paused')
    expect(first.reached).toBe(paused)
    expect(file.bytes.byteLength).toBe(first.reached)
    const done = await importFile({ ...base, reached: first.reached, crc: first.crc })
    expect(sha256(file.bytes)).toBe(sha256(original))
    expect(done.crc).toBe(crc32(original))
  })

  it('reports speed and time left', async () => {
    const file = memoryFile()
    let clock = 0
    const seen: ImportProgress[] = []
    await importFile({
      size: 4_000_000,
      reached: 1_000_000,
      download: async () => new ReadableStream({
        start(controller) { for (let i = 0; i < 3; i++) controller.enqueue(new Uint8Array(1_000_000)); controller.close() },
      }),
      open: (at) => file.open(at),
      now: () => (clock += 500),
      onProgress: (p) => seen.push(p),
    })
    // Each chunk and each clock read moves 0.5 s on; speed counts this run's bytes only.
    const [first] = seen
    expect(first?.reached).toBe(2_000_000)
    expect(first?.bytesPerSec).toBeGreaterThan(0)
    expect(first?.secondsLeft).toBeCloseTo(2_000_000 / first!.bytesPerSec, 5)
    expect(seen.at(-1)).toMatchObject({ reached: 4_000_000, secondsLeft: 0 })
  })

  it('refuses a file larger than announced', async () => {
    const file = memoryFile()
    const error = await importFile({
      size: original.byteLength - 1,
      download: async () => new Blob([original.slice()]).stream(),
      open: (at) => file.open(at),
    }).then(() => null, (e: unknown) => e)
    expect(isMediaError(error, 'sizeMismatch')).toBe(true)
  })
})

it('cuts fragments through the camera client', async () => {
  const source = countingSource(await cameraSource(camera, url))
  const { fragments: [cut] } = await cutFragments(source, [[3, 5]], () => new WritableStream())
  expect(cut?.startSec).toBe(3)
  expect(source.bytesFetched).toBeLessThan(original.byteLength / 2)
})
