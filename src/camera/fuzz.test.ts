// Fuzz above the parsers (parse.test.ts and preview-parser.test.ts fuzz those): the live-preview
// reader as the UI uses it, and the command layer fed hostile answers through a transport.
import { describe, expect, it } from 'vitest'
import { detectCapabilities } from './capabilities'
import type { Clock } from './clock'
import { createCommands } from './commands'
import { CameraError } from './errors'
import infoX from './fixtures/info-theta-x.json'
import listX from './fixtures/listfiles-theta-x-video.json'
import stateX from './fixtures/state-theta-x-recording.json'
import { readLivePreview } from './live-preview'
import { parseInfo } from './parse'
import { chunked, fakeJpeg, joinBytes, multipartPart, seededRandom, streamOf } from './testing/mjpeg'
import type { CameraTransport } from './transport'

const enc = new TextEncoder()

describe('fuzz: live-preview reader', () => {
  const breaks = [undefined, new TypeError('terminated'), new DOMException('aborted', 'AbortError'), new RangeError('odd'), 'a string']

  it('any body, any break: ends with a reason (and a CameraError), never throws, frames within the cap', async () => {
    const rnd = seededRandom(4242)
    const cap = 32 * 1024
    for (let n = 0; n < 400; n++) {
      const pieces = Array.from({ length: 1 + ((rnd() * 6) | 0) }, () => {
        const jpeg = fakeJpeg(4 + ((rnd() * 40_000) | 0), rnd)
        const kind = (rnd() * 4) | 0
        if (kind === 0) return Uint8Array.from({ length: (rnd() * 4000) | 0 }, () => (rnd() * 256) | 0)
        if (kind === 1) return multipartPart(jpeg).subarray(0, (rnd() * jpeg.length) | 0)
        return multipartPart(jpeg, { contentLength: rnd() < 0.3 ? (rnd() * 1e7) | 0 : undefined })
      })
      const chunks = chunked(joinBytes(pieces), [1 + ((rnd() * 20_000) | 0)])
      const preview = readLivePreview(streamOf(chunks, breaks[n % breaks.length]), { maxFrameBytes: cap })
      for (let f = await preview.next(); f; f = await preview.next()) expect(f.length).toBeLessThanOrEqual(cap)
      const end = await preview.ended
      expect(['complete', 'truncated', 'aborted', 'failed']).toContain(end.reason)
      if (end.reason !== 'complete') expect(end.error).toBeInstanceOf(CameraError)
      expect(await preview.next()).toBeNull()
    }
  })

  it('oversized: 128 MB with no frame end holds at most the cap', async () => {
    const junk = new Uint8Array(1024 * 1024).fill(0x11)
    junk.set([0xff, 0xd8])
    const chunks = Array.from({ length: 128 }, () => junk)
    globalThis.gc?.()
    const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers
    const preview = readLivePreview(streamOf(chunks))
    expect(await preview.next()).toBeNull()
    expect(await preview.ended).toMatchObject({ reason: 'complete' })
    const grown = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - before
    expect(preview.stats).toMatchObject({ frames: 0, bytes: 128 * 1024 * 1024 })
    // The default cap is 8 MB of held frame bytes; allow for garbage not yet collected.
    expect(grown).toBeLessThan(64 * 1024 * 1024)
  })
})

describe('fuzz: command layer over a transport', () => {
  // Virtual time: an endless `inProgress` reaches the 60 s deadline without waiting for it.
  let now = 0
  const clock: Clock = { now: () => (now += 1000), sleep: async () => undefined }
  const samples = [stateX, listX, { name: 'camera.startCapture', state: 'inProgress', id: '7' }].map((j) => JSON.stringify(j))

  function hostile(rnd: () => number): Response {
    const base = samples[(rnd() * samples.length) | 0]!
    const kind = (rnd() * 5) | 0
    const body =
      kind === 0 ? base.slice(0, (rnd() * base.length) | 0)
      : kind === 1 ? base.replace(/[\d"{}[\]]/g, (c) => (rnd() < 0.05 ? String.fromCharCode((rnd() * 128) | 0) : c))
      : kind === 2 ? enc.encode('<html>'.repeat((rnd() * 100) | 0))
      : kind === 3 ? JSON.stringify({ state: 'error', error: rnd() < 0.5 ? { code: [1] } : 'x', results: 5 })
      : base
    const status = [200, 200, 200, 400, 403, 404, 500, 502, 503, 504][(rnd() * 10) | 0]!
    return new Response(body, { status })
  }

  it('every call resolves or rejects with a CameraError', async () => {
    const rnd = seededRandom(77)
    const transport: CameraTransport = { baseUrl: 'http://192.168.1.1', send: async () => hostile(rnd) }
    const commands = createCommands({ transport, capabilities: detectCapabilities(parseInfo(infoX)), session: { level: 2 }, clock })
    const calls = [
      () => commands.state(),
      () => commands.info(),
      () => commands.checkForUpdates('FIG_1'),
      () => commands.listFiles(),
      () => commands.getOptions(['captureMode', '_maxRecordableTimeSupport']),
      () => commands.startCapture(),
      () => commands.stopCapture(),
      () => commands.executeStream('camera.getLivePreview'),
    ]
    for (let n = 0; n < 2000; n++) {
      await calls[n % calls.length]!().catch((e: unknown) => expect(e).toBeInstanceOf(CameraError))
    }
  })
})
