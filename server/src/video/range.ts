import type { ByteRange } from './storage'

/**
 * The one byte range a `Range: bytes=…` header asks of a file of `size` bytes: undefined for the
 * whole file (no header, or one we do not serve, such as several ranges — RFC 9110 lets a server
 * ignore those), 'unsatisfiable' for a range outside the file (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined | 'unsatisfiable' {
  const m = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return undefined
  const [, from = '', to = ''] = m
  if (from === '') {
    const suffix = Number(to)
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(from)
  if (start >= size) return 'unsatisfiable'
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1)
  return end < start ? 'unsatisfiable' : { start, end }
}
