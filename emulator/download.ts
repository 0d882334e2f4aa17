/** Serving a stored file: plain GET/HEAD, byte ranges (206/416) unless disabled, injected cuts. */
import { createReadStream } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { StoredFile } from './files'

export interface DownloadOptions {
  /** Whether Range is honoured; a camera without it always sends the whole file with 200. */
  range: boolean
  /** Destroy the socket after this many body bytes (fault injection). */
  cutAfterBytes: number | null
  /** Registers the read so a Wi-Fi drop can stall it; returns the unregister function. */
  track(stall: () => void): () => void
  /** Counts body bytes handed to the socket, so tests can see what a client fetched. */
  sent?(bytes: number): void
}

type Span = { start: number; end: number } | 'unsatisfiable' | null

/** One `bytes=` range; null for none or anything we may ignore (syntax errors, several ranges). */
export function parseRange(header: string | undefined, size: number): Span {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '')
  if (!m || (m[1] === '' && m[2] === '')) return null
  if (m[1] === '') {
    const suffix = Number(m[2])
    return suffix === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (m[2] !== '' && Number(m[2]) < start) return null
  return start >= size ? 'unsatisfiable' : { start, end }
}

function contentType(path: string): string {
  return /\.(mp4|insv)$/i.test(path) ? 'video/mp4' : 'application/octet-stream'
}

export function serveFile(req: IncomingMessage, res: ServerResponse, file: StoredFile, opts: DownloadOptions): void {
  const span = opts.range ? parseRange(req.headers.range, file.size) : null
  if (span === 'unsatisfiable') {
    res.writeHead(416, { 'Content-Range': `bytes */${file.size}`, 'Content-Length': 0 }).end()
    return
  }
  const { start, end } = span ?? { start: 0, end: file.size - 1 }
  res.writeHead(span ? 206 : 200, {
    'Content-Type': contentType(file.path),
    'Content-Length': end - start + 1,
    ...(opts.range ? { 'Accept-Ranges': 'bytes' } : {}),
    ...(span ? { 'Content-Range': `bytes ${start}-${end}/${file.size}` } : {}),
  })
  if (req.method === 'HEAD' || file.size === 0) {
    res.end()
    return
  }
  const stream = createReadStream(file.diskPath, { start, end, highWaterMark: 256 * 1024 })
  const untrack = opts.track(() => {
    stream.unpipe(res)
    stream.destroy()
  })
  res.on('close', () => {
    untrack()
    stream.destroy()
  })
  const cut = opts.cutAfterBytes
  if (cut === null) {
    stream.on('data', (chunk) => opts.sent?.((chunk as Buffer).length))
    stream.pipe(res)
    return
  }
  let sent = 0
  stream.on('data', (chunk) => {
    const part = (chunk as Buffer).subarray(0, Math.max(0, cut - sent))
    sent += part.length
    opts.sent?.(part.length)
    if (part.length) res.write(part)
    if (sent >= cut) {
      stream.destroy()
      // Let the written bytes leave before the connection dies, as a dropped link would.
      res.socket?.end(() => res.socket?.destroy())
    }
  })
  stream.on('end', () => res.end())
}
