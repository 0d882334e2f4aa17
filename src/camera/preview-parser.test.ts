import { describe, expect, it } from 'vitest'
import { createPreviewParser } from './preview-parser'
import { chunked, fakeJpeg, joinBytes, multipartPart, seededRandom } from './testing/mjpeg'

function parseAll(chunks: Uint8Array[], maxFrameBytes?: number) {
  const frames: Uint8Array[] = []
  const parser = createPreviewParser({ onFrame: (f) => frames.push(f.slice()), maxFrameBytes })
  let maxBuffered = 0
  for (const c of chunks) {
    parser.push(c)
    maxBuffered = Math.max(maxBuffered, parser.bufferedBytes)
  }
  return { frames, end: parser.end(), resyncs: parser.resyncs, maxBuffered }
}

const random = seededRandom(7)
const jpegs = [fakeJpeg(5000, random), fakeJpeg(777, random), fakeJpeg(12_345, random)]

describe('preview parser', () => {
  it.each([
    ['bare THETA boundary, Content-Length', {}],
    ['standard --boundary', { boundary: 'standard' as const }],
    ['no Content-Length', { contentLength: 'omit' as const }],
    ['Content-Length too small', { contentLength: 100 }],
    ['Content-Length too large', { contentLength: 9000 }],
  ])('%s: every frame, whatever the chunking', (_, opts) => {
    const body = joinBytes(jpegs.map((j) => multipartPart(j, opts)))
    for (const sizes of [[body.length], [1], [2, 3], [64, 1000, 7], [4096]]) {
      const { frames, end } = parseAll(chunked(body, sizes))
      expect(frames).toEqual(jpegs)
      expect(end).toBe('complete')
    }
  })

  it('reports a stream cut in the middle of a frame', () => {
    const body = joinBytes([multipartPart(jpegs[0]!), multipartPart(jpegs[1]!)])
    const { frames, end } = parseAll([body.subarray(0, body.length - 300)])
    expect(frames).toEqual([jpegs[0]])
    expect(end).toBe('truncated')
  })

  it('resyncs after garbage and on a frame larger than the cap', () => {
    const garbage = fakeJpeg(50_000, random).subarray(2, 40_000)
    const big = fakeJpeg(20_000, random)
    const body = joinBytes([multipartPart(jpegs[0]!), garbage, multipartPart(big, { contentLength: 'omit' }), multipartPart(jpegs[1]!)])
    const { frames, resyncs, maxBuffered } = parseAll(chunked(body, [1500]), 10_000)
    expect(frames[0]).toEqual(jpegs[0])
    expect(frames.at(-1)).toEqual(jpegs[1])
    expect(resyncs).toBeGreaterThan(0)
    expect(maxBuffered).toBeLessThanOrEqual(10_000 + 1024)
  })

  it('fuzz: truncated, garbage and oversized input never throws and stays bounded', () => {
    const rnd = seededRandom(2026)
    const cap = 64 * 1024
    for (let n = 0; n < 3000; n++) {
      const pieces: Uint8Array[] = []
      for (let k = 0, parts = 1 + ((rnd() * 5) | 0); k < parts; k++) {
        const kind = (rnd() * 6) | 0
        const jpeg = fakeJpeg(4 + ((rnd() * 3000) | 0), rnd)
        if (kind === 0) pieces.push(Uint8Array.from({ length: (rnd() * 2000) | 0 }, () => (rnd() * 256) | 0))
        else if (kind === 1) pieces.push(multipartPart(jpeg, { contentLength: (rnd() * 1e9) | 0 }))
        else if (kind === 2) pieces.push(new TextEncoder().encode('Content-Length: 12\r\n\r\n'.repeat(1 + ((rnd() * 50) | 0))))
        else if (kind === 3) pieces.push(multipartPart(jpeg).subarray(0, (rnd() * jpeg.length) | 0))
        else pieces.push(multipartPart(jpeg, { boundary: rnd() < 0.5 ? 'bare' : 'standard', contentLength: rnd() < 0.2 ? 'omit' : undefined }))
      }
      const body = joinBytes(pieces)
      const { frames, end, maxBuffered } = parseAll(chunked(body, [1 + ((rnd() * 3000) | 0)]), cap)
      expect(['complete', 'truncated']).toContain(end)
      expect(maxBuffered).toBeLessThanOrEqual(cap + 1024)
      for (const f of frames) expect(f.length).toBeLessThanOrEqual(cap)
    }
    // Oversized: one endless "frame" never holds more than the cap.
    const endless = parseAll(chunked(joinBytes([Uint8Array.of(0xff, 0xd8), new Uint8Array(3_000_000).fill(7)]), [65536]), cap)
    expect(endless.maxBuffered).toBeLessThanOrEqual(cap)
    expect(endless.frames).toHaveLength(0)
  })
})
