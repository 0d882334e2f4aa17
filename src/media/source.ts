import type { Camera } from '../camera'
import { MediaError } from './errors'

/** Random access to a remote file. `end` is exclusive. */
export interface ByteSource {
  readonly size: number
  read(start: number, end: number): Promise<Uint8Array>
}

/** A source that counts what it fetched, for the import screen and the tests. */
export interface CountingSource extends ByteSource {
  readonly bytesFetched: number
  readonly requests: number
}

export function countingSource(inner: ByteSource): CountingSource {
  let bytesFetched = 0
  let requests = 0
  return {
    size: inner.size,
    get bytesFetched() { return bytesFetched },
    get requests() { return requests },
    async read(start, end) {
      const bytes = await inner.read(start, end)
      bytesFetched += bytes.byteLength
      requests++
      return bytes
    },
  }
}

async function readAll(stream: ReadableStream<Uint8Array>, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length)
  let at = 0
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    if (at + chunk.byteLength > length) throw new MediaError('noRange') // more than asked for: Range not honoured
    out.set(chunk, at)
    at += chunk.byteLength
  }
  if (at !== length) throw new MediaError('linkDropped')
  return out
}

/** Over the camera client. Range support is unconfirmed on real cameras (camera-osc.md): probe first. */
export async function cameraSource(camera: Camera, url: string, signal?: AbortSignal): Promise<ByteSource> {
  const probe = await camera.probeFile(url, signal)
  if (!probe.acceptsRanges || probe.size === undefined) throw new MediaError('noRange')
  return {
    size: probe.size,
    read: async (start, end) => readAll(await camera.download(url, { start, end: end - 1 }, signal), end - start),
  }
}

/** Over plain fetch (tests, and any server that sends CORS headers). */
export async function httpSource(url: string, signal?: AbortSignal): Promise<ByteSource> {
  const probe = await fetch(url, { headers: { Range: 'bytes=0-0' }, signal })
  await probe.body?.cancel()
  const size = Number(probe.headers.get('Content-Range')?.match(/\/(\d+)$/)?.[1])
  if (probe.status !== 206 || !Number.isFinite(size)) throw new MediaError('noRange')
  return {
    size,
    async read(start, end) {
      const res = await fetch(url, { headers: { Range: `bytes=${start}-${end - 1}` }, signal })
      if (res.status !== 206 || !res.body) throw new MediaError('noRange')
      return readAll(res.body, end - start)
    },
  }
}
