// HTTP Digest auth (RFC 7616, MD5, qop=auth): THETA in client mode answers 401 with a Digest challenge.
import { md5Hex } from './md5'

export interface DigestChallenge {
  realm: string
  nonce: string
  qop?: string
  opaque?: string
  algorithm?: string
}

export interface DigestCredentials {
  username: string
  password: string
}

/** Parses `WWW-Authenticate: Digest realm="…", nonce="…", qop="auth"`; undefined if not Digest. */
export function parseDigestChallenge(header: string | null): DigestChallenge | undefined {
  if (!header || !/^\s*digest\s/i.test(header)) return undefined
  const params: Record<string, string> = {}
  for (const m of header.replace(/^\s*digest\s+/i, '').matchAll(/([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/gi)) {
    params[(m[1] ?? '').toLowerCase()] = m[2] ?? m[3] ?? ''
  }
  if (params.realm === undefined || params.nonce === undefined) return undefined
  return { realm: params.realm, nonce: params.nonce, qop: params.qop, opaque: params.opaque, algorithm: params.algorithm }
}

export interface DigestRequest {
  method: string
  uri: string
  nc: number
  cnonce: string
}

/** The `Authorization` header value for one request. Only MD5 with qop=auth (or no qop, RFC 2069). */
export function digestAuthorization(ch: DigestChallenge, cred: DigestCredentials, req: DigestRequest): string {
  const ha1 = md5Hex(`${cred.username}:${ch.realm}:${cred.password}`)
  const ha2 = md5Hex(`${req.method}:${req.uri}`)
  const useQop = ch.qop?.split(',').some((q) => q.trim() === 'auth') ?? false
  const nc = req.nc.toString(16).padStart(8, '0')
  const response = useQop
    ? md5Hex(`${ha1}:${ch.nonce}:${nc}:${req.cnonce}:auth:${ha2}`)
    : md5Hex(`${ha1}:${ch.nonce}:${ha2}`)
  const parts = [
    `username="${cred.username}"`,
    `realm="${ch.realm}"`,
    `nonce="${ch.nonce}"`,
    `uri="${req.uri}"`,
    ch.algorithm ? `algorithm=${ch.algorithm}` : undefined,
    `response="${response}"`,
    ch.opaque !== undefined ? `opaque="${ch.opaque}"` : undefined,
    useQop ? `qop=auth, nc=${nc}, cnonce="${req.cnonce}"` : undefined,
  ]
  return `Digest ${parts.filter(Boolean).join(', ')}`
}

export function randomCnonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
