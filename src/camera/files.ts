// Camera files as byte streams, never a whole file in memory: a 45-minute lesson is 10–35 GB.
// Whether the camera's file server honours Range is unconfirmed (camera-osc.md): probe and cope.
import { CameraError } from './errors'
import { replyError } from './commands'
import type { CameraTransport } from './transport'

export interface FileProbe {
  size?: number
  acceptsRanges: boolean
}

function contentRangeTotal(header: string | null): number | undefined {
  const m = header?.match(/\/\s*(\d+)\s*$/)
  return m ? Number(m[1]) : undefined
}

function contentLength(response: Response): number | undefined {
  const v = response.headers.get('Content-Length')
  return v !== null && /^\d+$/.test(v.trim()) ? Number(v) : undefined
}

/** Size and Range support: HEAD first; a Range 0-0 GET when HEAD fails or says nothing about ranges. */
export async function probeFile(transport: CameraTransport, url: string, signal?: AbortSignal): Promise<FileProbe> {
  const head = await transport.send({ method: 'HEAD', path: url, signal })
  if (head.ok && /bytes/i.test(head.headers.get('Accept-Ranges') ?? '')) return { size: contentLength(head), acceptsRanges: true }
  const probe = await transport.send({ method: 'GET', path: url, headers: { Range: 'bytes=0-0' }, signal, stream: true })
  await probe.body?.cancel().catch(() => undefined)
  if (probe.status === 206) return { size: contentRangeTotal(probe.headers.get('Content-Range')), acceptsRanges: true }
  if (probe.ok) return { size: contentLength(probe) ?? (head.ok ? contentLength(head) : undefined), acceptsRanges: false }
  throw await replyError(probe)
}

/**
 * Bytes [start, end] (inclusive; end omitted = to the end of the file). A server that ignores Range
 * answers 200 with the whole file: then we skip to `start` while streaming.
 */
export async function downloadRange(
  transport: CameraTransport,
  url: string,
  start = 0,
  end?: number,
  signal?: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const wanted = end === undefined ? `bytes=${start}-` : `bytes=${start}-${end}`
  const response = await transport.send({ method: 'GET', path: url, headers: { Range: wanted }, signal, stream: true })
  const length = end === undefined ? undefined : end - start + 1
  if (response.status === 206 && response.body) {
    const from = Number(response.headers.get('Content-Range')?.match(/bytes\s+(\d+)-/)?.[1] ?? start)
    return byteWindow(response.body, Math.max(0, start - from), length)
  }
  if (response.status === 200 && response.body) return byteWindow(response.body, start, length)
  throw await replyError(response)
}

/**
 * Passes through `length` bytes after skipping `skip`, pulling one chunk at a time; a read that
 * breaks off (Wi-Fi drop) errors the stream with a CameraError.
 */
export function byteWindow(body: ReadableStream<Uint8Array>, skip: number, length?: number): ReadableStream<Uint8Array> {
  const reader = body.getReader()
  let toSkip = skip
  let left = length ?? Infinity
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (left <= 0) {
            controller.close()
            await reader.cancel().catch(() => undefined)
            return
          }
          let chunk: ReadableStreamReadResult<Uint8Array>
          try {
            chunk = await reader.read()
          } catch (e) {
            controller.error(new CameraError('unreachable', { cause: e }))
            return
          }
          if (chunk.done) {
            // Fewer bytes than asked for: the file is shorter or the link closed early.
            if (left !== Infinity || toSkip > 0) controller.error(new CameraError('badResponse'))
            else controller.close()
            return
          }
          let bytes = chunk.value
          if (toSkip >= bytes.length) {
            toSkip -= bytes.length
            continue
          }
          bytes = bytes.subarray(toSkip, toSkip + Math.min(left, bytes.length - toSkip))
          toSkip = 0
          left -= bytes.length
          controller.enqueue(bytes)
          return
        }
      },
      cancel(reason) {
        return reader.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
}
