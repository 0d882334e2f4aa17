import { describe, expect, it } from 'vitest'
import { readLivePreview } from './live-preview'
import { chunked, fakeJpeg, joinBytes, multipartPart, seededRandom, streamOf } from './testing/mjpeg'

const random = seededRandom(11)

describe('readLivePreview', () => {
  it('gives the newest frame to a slow consumer and counts the dropped ones', async () => {
    const jpegs = Array.from({ length: 5 }, () => fakeJpeg(1000, random))
    const preview = readLivePreview(streamOf([joinBytes(jpegs.map((j) => multipartPart(j)))]))
    expect(await preview.ended).toEqual({ reason: 'complete' })
    expect(await preview.next()).toEqual(jpegs[4])
    expect(await preview.next()).toBeNull()
    expect(preview.stats).toMatchObject({ frames: 5, dropped: 4 })
  })

  it('ends with a typed error when the stream is cut mid-frame or breaks', async () => {
    const part = multipartPart(fakeJpeg(1000, random))
    const cut = readLivePreview(streamOf([part.subarray(0, 500)]))
    expect(await cut.next()).toBeNull()
    expect(await cut.ended).toMatchObject({ reason: 'truncated', error: { code: 'badResponse' } })
    const broken = readLivePreview(streamOf([part], new TypeError('terminated')))
    expect(await broken.next()).not.toBeNull()
    expect(await broken.ended).toMatchObject({ reason: 'failed', error: { code: 'unreachable' } })
  })

  it('close() ends it as aborted', async () => {
    const preview = readLivePreview(new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) }))
    const pending = preview.next()
    preview.close()
    expect(await pending).toBeNull()
    expect((await preview.ended).reason).toBe('aborted')
  })
})

describe('preview speed (synthetic 1024×512 stream, 64 KB chunks)', () => {
  it('parses > 1000 frames/s, close to a plain read of the same bytes', async () => {
    const rnd = seededRandom(1)
    // 1024×512 preview JPEGs from a THETA are ~60–120 KB.
    const body = joinBytes(Array.from({ length: 8 }, () => multipartPart(fakeJpeg(60_000 + ((rnd() * 60_000) | 0), rnd))))
    const oneRound = chunked(body, [65_536])
    const rounds = 250
    const chunks = Array.from({ length: rounds }, () => oneRound).flat()
    const totalMB = (body.length * rounds) / 1e6

    async function plainRead() {
      const reader = streamOf(chunks).getReader()
      let bytes = 0
      for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length
      return bytes
    }
    async function parse() {
      const preview = readLivePreview(streamOf(chunks))
      while (await preview.next());
      return preview
    }
    // Warm up the JIT and the allocator, then take the best of three (a busy machine adds noise only).
    await parse()
    let plainMs = Infinity
    let parseMs = Infinity
    let bytes = 0
    let preview = await parse()
    for (let run = 0; run < 3; run++) {
      let t = performance.now()
      bytes = await plainRead()
      plainMs = Math.min(plainMs, performance.now() - t)
      t = performance.now()
      preview = await parse()
      parseMs = Math.min(parseMs, performance.now() - t)
    }

    const frames = preview.stats.frames
    const fps = (frames / parseMs) * 1000
    console.info(
      `preview: ${frames} frames, ${totalMB.toFixed(0)} MB — parse ${parseMs.toFixed(0)} ms = ${fps.toFixed(0)} frames/s, ` +
        `${(totalMB / (parseMs / 1000)).toFixed(0)} MB/s; plain read ${plainMs.toFixed(0)} ms = ${(totalMB / (plainMs / 1000)).toFixed(0)} MB/s`,
    )
    expect(bytes).toBe(body.length * rounds)
    expect(frames).toBe(8 * rounds)
    expect(fps).toBeGreaterThan(1000)
  })
})
