import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { get } from 'node:https'
import { tmpdir } from 'node:os'
import type { TLSSocket } from 'node:tls'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverConfig } from '../src/config'
import { startServer, type RunningServer } from '../src/server'
import { freePort } from './harness'

function makeCertificate(cert: string, key: string): void {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'pipe' })
}

/** The certificate the server presents, as its SHA-256 fingerprint. */
function servedFingerprint(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(`${url}/api/health`, { rejectUnauthorized: false, agent: false }, (res) => {
      resolve((res.socket as TLSSocket).getPeerCertificate().fingerprint256)
      res.resume()
    })
    req.on('error', reject)
  })
}

describe('the server over HTTPS', () => {
  let dir: string
  let server: RunningServer
  const log: string[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rondblik-tls-'))
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')]
    makeCertificate(cert, key)
    const config = serverConfig(['--data', join(dir, 'data'), '--port', String(await freePort()), '--host', '127.0.0.1', '--tls-cert', cert, '--tls-key', key], {})
    server = await startServer(config, { log: (line) => log.push(line) })
  })
  afterAll(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('serves the API with the given certificate and does not warn about plain HTTP', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const body = await new Promise<string>((resolve, reject) => {
      get(`${server.url}/api/health`, { ca: readFileSync(join(dir, 'cert.pem')), servername: 'localhost', checkServerIdentity: () => undefined }, (res) => {
        let text = ''
        res.on('data', (d: Buffer) => (text += d))
        res.on('end', () => resolve(text))
      }).on('error', reject)
    })
    expect(JSON.parse(body)).toMatchObject({ ok: true })
    expect(log.join('\n')).not.toContain('plain HTTP')
  })

  it('takes a renewed certificate without a restart', async () => {
    const before = await servedFingerprint(server.url)
    makeCertificate(join(dir, 'cert.pem'), join(dir, 'key.pem'))
    expect(await servedFingerprint(server.url)).toBe(before)
    server.reloadTls()
    const after = await servedFingerprint(server.url)
    expect(after).not.toBe(before)
    expect(after).toBe(new X509Certificate(readFileSync(join(dir, 'cert.pem'))).fingerprint256)
  })

  it('warns on plain HTTP that tablets need HTTPS and only localhost counts as secure', async () => {
    const lines: string[] = []
    const plain = await startServer(serverConfig(['--data', join(dir, 'plain'), '--port', String(await freePort()), '--host', '127.0.0.1'], {}), { log: (line) => lines.push(line) })
    await plain.close()
    expect(lines.join('\n')).toMatch(/plain HTTP\. Tablets need HTTPS.*reverse proxy.*Only http:\/\/localhost counts as secure/s)
  })

  it('refuses flags it does not know and a certificate without its key', () => {
    expect(() => serverConfig(['--data', dir, '--prot', '80'], {})).toThrow(/unknown argument --prot/)
    expect(() => serverConfig(['--data', dir, '--tls-cert', 'c.pem'], {})).toThrow(/go together/)
    expect(() => serverConfig(['--port', '80'], {})).toThrow(/--data DIR is required/)
    expect(serverConfig(['--data', dir], { RONDBLIK_DATABASE_URL: 'postgres://x/y' })).toMatchObject({ port: 8443, databaseUrl: 'postgres://x/y' })
  })
})
