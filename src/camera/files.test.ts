import { describe, expect, it } from 'vitest'
import { downloadRange, probeFile } from './files'
import { joinBytes, streamOf } from './testing/mjpeg'
import { createFetchTransport } from './transport'

const FILE = Uint8Array.from({ length: 100_000 }, (_, i) => i % 251)
const URL_ = 'http://192.168.1.1/files/100RICOH/R0010087.MP4'

/** A file server; with `ranges` it honours Range (206), else it always sends the whole file. */
function server(opts: { ranges: boolean; head?: boolean; chunk?: number }) {
  const requests: { method: string; range?: string }[] = []
  const fetch = async (_: unknown, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>
    requests.push({ method: init?.method ?? 'GET', range: headers.Range })
    if (init?.method === 'HEAD') {
      if (opts.head === false) return new Response(null, { status: 405 })
      return new Response(null, { headers: { 'Content-Length': String(FILE.length), ...(opts.ranges ? { 'Accept-Ranges': 'bytes' } : {}) } })
    }
    const m = headers.Range?.match(/bytes=(\d+)-(\d*)/)
    const pieces = (bytes: Uint8Array) => {
      const out: Uint8Array[] = []
      for (let i = 0; i < bytes.length; i += opts.chunk ?? 8192) out.push(bytes.subarray(i, i + (opts.chunk ?? 8192)))
      return streamOf(out)
    }
    if (opts.ranges && m) {
      const start = Number(m[1])
      const end = m[2] ? Math.min(Number(m[2]), FILE.length - 1) : FILE.length - 1
      return new Response(pieces(FILE.subarray(start, end + 1)), {
        status: 206,
        headers: { 'Content-Range': `bytes ${start}-${end}/${FILE.length}`, 'Content-Length': String(end - start + 1) },
      })
    }
    return new Response(pieces(FILE), { headers: { 'Content-Length': String(FILE.length) } })
  }
  return { transport: createFetchTransport({ baseUrl: 'http://127.0.0.1:8080', fetch }), requests }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  for (const reader = stream.getReader(); ; ) {
    const r = await reader.read()
    if (r.done) break
    chunks.push(r.value)
  }
  return joinBytes(chunks)
}

describe('files', () => {
  it('probeFile: HEAD with Accept-Ranges', async () => {
    const { transport, requests } = server({ ranges: true })
    expect(await probeFile(transport, URL_)).toEqual({ size: 100_000, acceptsRanges: true })
    expect(requests).toHaveLength(1)
  })

  it('probeFile: no HEAD, Range 0-0 answered with 206 or ignored', async () => {
    expect(await probeFile(server({ ranges: true, head: false }).transport, URL_)).toEqual({ size: 100_000, acceptsRanges: true })
    expect(await probeFile(server({ ranges: false, head: false }).transport, URL_)).toEqual({ size: 100_000, acceptsRanges: false })
  })

  it.each([true, false])('downloadRange (server ranges: %s) streams exactly [start, end]', async (ranges) => {
    const { transport, requests } = server({ ranges, chunk: 7000 })
    const bytes = await readAll(await downloadRange(transport, URL_, 12_345, 54_321))
    expect(bytes).toEqual(FILE.subarray(12_345, 54_322))
    expect(requests[0]!.range).toBe('bytes=12345-54321')
    expect(await readAll(await downloadRange(transport, URL_, 99_990))).toEqual(FILE.subarray(99_990))
  })

  it('a body that breaks off errors the stream with a CameraError', async () => {
    const fetch = async () => new Response(streamOf([FILE.subarray(0, 1000)], new TypeError('terminated')), { status: 206 })
    const stream = await downloadRange(createFetchTransport({ baseUrl: 'http://127.0.0.1:1', fetch }), URL_, 0, 5000)
    await expect(readAll(stream)).rejects.toMatchObject({ code: 'unreachable' })
  })

  it('a missing file is refused with its status', async () => {
    const fetch = async () => new Response('not found', { status: 404 })
    await expect(downloadRange(createFetchTransport({ baseUrl: 'http://127.0.0.1:1', fetch }), URL_, 0, 10)).rejects.toMatchObject({
      code: 'refused',
      httpStatus: 404,
    })
  })
})
