/** HTTP Digest authentication (MD5, qop=auth), as a THETA in client mode asks for (RFC 7616). */
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

const md5 = (s: string) => createHash('md5').update(s).digest('hex')

function parseAuthorization(header: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const m of header.replace(/^Digest\s+/i, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    fields[(m[1] ?? '').toLowerCase()] = m[2] ?? m[3] ?? ''
  }
  return fields
}

export class DigestAuth {
  private readonly nonces = new Set<string>()

  constructor(private readonly user: string, private readonly password: string, private readonly realm: string) {}

  /** A fresh WWW-Authenticate challenge. */
  challenge(): string {
    const nonce = randomBytes(16).toString('hex')
    this.nonces.add(nonce)
    return `Digest realm="${this.realm}", qop="auth", nonce="${nonce}", algorithm=MD5`
  }

  verify(req: IncomingMessage): boolean {
    const header = req.headers.authorization
    if (!header?.toLowerCase().startsWith('digest ')) return false
    const a = parseAuthorization(header)
    if (a.username !== this.user || a.realm !== this.realm || !this.nonces.has(a.nonce ?? '') || a.qop !== 'auth') {
      return false
    }
    const ha1 = md5(`${this.user}:${this.realm}:${this.password}`)
    const ha2 = md5(`${req.method}:${a.uri}`)
    return a.response === md5(`${ha1}:${a.nonce}:${a.nc}:${a.cnonce}:auth:${ha2}`)
  }
}
