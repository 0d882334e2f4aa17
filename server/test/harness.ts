/**
 * The server on loopback for the tests: a temp data folder (or a fresh PostgreSQL database), a
 * clock the test can move, and a client that signs in like the app does (a P-256 device key,
 * refresh proofs signed with it).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { webcrypto } from 'node:crypto'
import { SignJWT } from 'jose'
import { addCoach } from '../src/auth/accounts'
import { startServer, type RunningServer } from '../src/server'
import type { Change, ErrorBody, LoginResponse, PullResponse, PushResponse, RefreshResponse } from '../../src/sync/protocol'
import { API_PATHS } from '../../src/sync/protocol'

/** A free port in 18300–18999 (the range this project's server tests use). */
export async function freePort(from = 18300 + Math.floor(Math.random() * 600)): Promise<number> {
  for (let port = from; port < 19000; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(false))
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error('no free port in 18300–18999')
}

export interface TestServer extends RunningServer {
  dataDir: string
  /** What the server told its admin. */
  log: string[]
  clock: { now: number; advance(ms: number): void }
  addCoach(username: string, password?: string): Promise<void>
  client(): Client
}

export async function startTestServer(options: { databaseUrl?: string; distDir?: string } = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rondblik-server-'))
  const clock = { now: Date.now(), advance: (ms: number) => void (clock.now += ms) }
  const log: string[] = []
  const running = await startServer(
    { dataDir, port: await freePort(), host: '127.0.0.1', databaseUrl: options.databaseUrl, distDir: options.distDir ?? join(dataDir, 'no-dist') },
    { now: () => clock.now, log: (line) => log.push(line) },
  )
  return {
    ...running,
    dataDir,
    log,
    clock,
    async addCoach(username, password = 'geheim-wachtwoord') {
      await addCoach(running.database.db, { username, password })
    },
    client: () => new Client(running.url, () => clock.now),
    async close() {
      await running.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

export interface Answer<T> {
  status: number
  body: T & Partial<ErrorBody>
  headers: Headers
}

/** One device, as the app would be. */
export class Client {
  session?: LoginResponse
  private keys?: webcrypto.CryptoKeyPair
  private seq = 0
  /** As the app does: an expired access token is refreshed and the request sent again, once. */
  autoRefresh = true

  constructor(
    readonly url: string,
    private readonly now: () => number,
  ) {}

  /** The same device talking to another server instance (behind one load balancer). */
  at(url: string): Client {
    return Object.assign(Object.create(Client.prototype) as Client, this, { url })
  }

  async request<T>(method: string, path: string, body?: unknown, token = this.session?.accessToken): Promise<Answer<T>> {
    const answer = await this.send<T>(method, path, body, token)
    if (!this.autoRefresh || answer.body.error?.code !== 'tokenExpired' || token !== this.session?.accessToken) return answer
    if ((await this.refresh()).status !== 200) return answer
    return this.send<T>(method, path, body, this.session!.accessToken)
  }

  private async send<T>(method: string, path: string, body: unknown, token: string | undefined): Promise<Answer<T>> {
    const response = await fetch(this.url + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T & Partial<ErrorBody>, headers: response.headers }
  }

  async login(username: string, password = 'geheim-wachtwoord', deviceName = 'tablet'): Promise<Answer<LoginResponse>> {
    this.keys ??= await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])
    const publicKey = await webcrypto.subtle.exportKey('jwk', this.keys.publicKey)
    const answer = await this.request<LoginResponse>('POST', API_PATHS.login, { username, password, device: { name: deviceName, publicKey } })
    if (answer.status === 200) this.session = answer.body
    return answer
  }

  async proof(refreshToken: string, iatSeconds = Math.floor(this.now() / 1000)): Promise<string> {
    return new SignJWT({ refreshToken }).setProtectedHeader({ alg: 'ES256' }).setIssuedAt(iatSeconds).sign(this.keys!.privateKey)
  }

  async refresh(refreshToken = this.session!.refreshToken): Promise<Answer<RefreshResponse>> {
    const answer = await this.send<RefreshResponse>('POST', API_PATHS.refresh, { deviceId: this.session!.deviceId, refreshToken, proof: await this.proof(refreshToken) }, undefined)
    if (answer.status === 200) this.session = { ...this.session!, ...answer.body }
    return answer
  }

  /** Changes with the next seqs of this device. */
  changes(...changes: Omit<Change, 'seq'>[]): Change[] {
    return changes.map((change) => ({ ...change, seq: ++this.seq }))
  }

  push(changes: unknown[]): Promise<Answer<PushResponse>> {
    return this.request<PushResponse>('POST', API_PATHS.push, { changes })
  }

  pull(since = 0, limit?: number): Promise<Answer<PullResponse>> {
    return this.request<PullResponse>('GET', `${API_PATHS.pull}?since=${since}${limit ? `&limit=${limit}` : ''}`)
  }

  /** Every row this device may see, page by page from `since`. */
  async pullAll(since = 0, limit = 1000): Promise<{ rows: PullResponse['rows']; next: number; reset: boolean }> {
    const rows: PullResponse['rows'] = []
    let cursor = since
    let reset = false
    for (;;) {
      const { status, body } = await this.pull(cursor, limit)
      if (status !== 200) throw new Error(`pull answered ${status}: ${JSON.stringify(body)}`)
      reset ||= body.reset === true
      rows.push(...body.rows)
      cursor = body.next
      if (!body.more) return { rows, next: cursor, reset }
    }
  }
}

/** An HLC stamp for a wall time. */
export const stamp = (wall: number, node = 'dev', counter = 0) => `${String(wall).padStart(13, '0')}:${String(counter).padStart(5, '0')}:${node}`
