/** The camera's HTTP face: OSC endpoints, files, CORS (opt-in), Digest (opt-in), Wi-Fi faults. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Camera } from './camera'
import { execute, type Params } from './commands'
import type { DigestAuth } from './digest'
import { serveFile } from './download'
import { OscError } from './errors'
import type { WifiDropMode } from './faults'
import type { StoredFile } from './files'
import type { PreviewSource } from './preview'
import { stateOf } from './state'
import { thumbnail } from './thumbnail'

export interface ServerOptions {
  cors: boolean
  range: boolean
  digest: DigestAuth | null
}

export const CONTROL_PREFIX = '/_emulator/'
const MAX_WAIT_SEC = 60

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'content-type, x-xsrf-protected, range, authorization',
  'Access-Control-Expose-Headers': 'content-length, content-range, accept-ranges, www-authenticate',
}

const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
  // Chrome's Private Network Access asks this of a local address before a public page may call it.
  'Access-Control-Allow-Private-Network': 'true',
  'Access-Control-Max-Age': '600',
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

export function sendPreflight(res: ServerResponse): void {
  res.writeHead(204, PREFLIGHT_HEADERS).end()
}

export function setCors(res: ServerResponse): void {
  for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v)
}

export async function readJson(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (!text) return {}
  try {
    const value: unknown = JSON.parse(text)
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Params
  } catch {
    // falls through to the error below
  }
  throw new OscError('invalidParameterValue', 'Request body is not a JSON object')
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The camera side of the server; the control endpoint plugs in through `control`. */
export class CameraServer {
  readonly http: Server
  private readonly sockets = new Set<Socket>()
  /** Long responses (previews, downloads) a silent Wi-Fi drop stalls, with their sockets. */
  private readonly streams = new Map<() => void, Socket>()
  /** Sockets left unanswered during a silent drop; closed when the link returns. */
  private readonly hung = new Set<Socket>()
  private readonly controlSockets = new Set<Socket>()
  private busy = false

  constructor(
    private readonly camera: Camera,
    private readonly previews: PreviewSource,
    private readonly opts: ServerOptions,
    private readonly control: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>,
  ) {
    this.http = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 503, new OscError('unexpected', String(err)).body())
        else res.destroy()
      })
    })
    this.http.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname: path, searchParams } = new URL(req.url ?? '/', 'http://camera')
    if (path.startsWith(CONTROL_PREFIX)) {
      this.controlSockets.add(req.socket)
      res.on('close', () => this.controlSockets.delete(req.socket))
      return this.control(req, res, path.slice(CONTROL_PREFIX.length))
    }
    if (this.camera.faults.wifiDown()) return this.unreachable(req)
    if (this.opts.cors) setCors(res)
    if (req.method === 'OPTIONS') {
      if (this.opts.cors) sendPreflight(res)
      else res.writeHead(404).end()
      return
    }
    if (this.opts.digest && !this.opts.digest.verify(req)) {
      res.writeHead(401, { 'WWW-Authenticate': this.opts.digest.challenge(), 'Content-Length': 0 }).end()
      return
    }
    res.setHeader('X-Content-Type-Options', 'nosniff')
    if (path === '/osc/info' && (req.method === 'GET' || req.method === 'HEAD')) {
      return sendJson(res, 200, { ...this.camera.profile.info, uptime: Math.floor(this.camera.uptimeMs() / 1000) })
    }
    if (path.startsWith('/osc/') && req.method === 'POST') return this.osc(req, res, path)
    const file = this.camera.files.get(decodeURIComponent(path))
    if (file && req.method === 'GET' && searchParams.get('type') === 'thumb') {
      const jpeg = await thumbnail(file)
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length }).end(jpeg)
      return
    }
    if (file && (req.method === 'GET' || req.method === 'HEAD')) return this.download(req, res, file)
    sendJson(res, 404, new OscError('notFound', `Not found: ${path}`).body())
  }

  private unreachable(req: IncomingMessage): void {
    if (this.camera.faults.state.wifiMode === 'reset') req.socket.destroy()
    else this.hung.add(req.socket)
  }

  private async osc(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const insta = this.camera.profile.xsrfAndOneAtATime
    let name: unknown
    try {
      // Insta360 rejects requests without this anti-CSRF header and handles one command at a time.
      if (insta && req.headers['x-xsrf-protected'] !== '1') {
        throw new OscError('disabledCommand', 'Missing header X-XSRF-Protected: 1')
      }
      const isCommand = path.startsWith('/osc/commands/')
      if (insta && isCommand && this.busy) throw new OscError('serviceUnavailable', 'Camera is busy with another command')
      if (isCommand) this.busy = true
      try {
        const body = await readJson(req)
        name = body.name
        await this.oscEndpoint(req, res, path, body)
      } finally {
        if (isCommand) this.busy = false
      }
    } catch (err) {
      if (!(err instanceof OscError)) throw err
      const body = this.camera.profile.insta360Answers ? err.insta360Body() : err.body(typeof name === 'string' ? name : undefined)
      sendJson(res, err.status, body)
    }
  }

  private async oscEndpoint(req: IncomingMessage, res: ServerResponse, path: string, body: Params): Promise<void> {
    const c = this.camera
    switch (path) {
      case '/osc/state':
        return sendJson(res, 200, stateOf(c))
      case '/osc/checkForUpdates':
        return this.checkForUpdates(res, body)
      case '/osc/commands/status':
        throw new OscError('invalidParameterValue', `No command in progress with id ${String(body.id)}`)
      case '/osc/commands/execute': {
        await sleep(c.profile.commandLatencyMs)
        if (c.faults.takeUnavailable()) throw new OscError('serviceUnavailable', 'Camera is temporarily unavailable')
        const outcome = await execute(c, body.name, (body.parameters ?? {}) as Params)
        if (outcome.kind === 'preview') return this.previews.open(res, (stall) => this.track(req.socket, stall))
        if (outcome.kind === 'file') return this.download(req, res, outcome.file)
        return sendJson(res, 200, {
          name: outcome.name ?? body.name, state: 'done', ...outcome.topLevel,
          ...('results' in outcome ? { results: outcome.results } : {}),
        })
      }
      default:
        throw new OscError('unknownCommand', `Unknown endpoint: ${path}`)
    }
  }

  // Long-poll: answer when the fingerprint differs from the client's, or at waitTimeout.
  private async checkForUpdates(res: ServerResponse, body: Params): Promise<void> {
    const c = this.camera
    if (typeof body.stateFingerprint !== 'string') throw new OscError('missingParameter', 'stateFingerprint is required')
    const waitSec = Math.min(MAX_WAIT_SEC, typeof body.waitTimeout === 'number' ? body.waitTimeout : 0)
    if (body.stateFingerprint === c.fingerprint() && waitSec > 0) {
      await new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer)
          c.off('state', finish)
          res.off('close', finish)
          resolve()
        }
        const timer = setTimeout(finish, waitSec * 1000)
        c.on('state', finish)
        res.on('close', finish)
      })
    }
    if (!res.destroyed) {
      sendJson(res, 200, { stateFingerprint: c.fingerprint(), ...(c.profile.throttleTimeout ? { throttleTimeout: 1 } : {}) })
    }
  }

  private download(req: IncomingMessage, res: ServerResponse, file: StoredFile): void {
    serveFile(req, res, file, {
      range: this.opts.range,
      cutAfterBytes: req.method === 'HEAD' ? null : this.camera.faults.takeDownloadCut(),
      track: (stall) => this.track(req.socket, stall),
      sent: (bytes) => { this.camera.fileBytesSent += bytes },
    })
  }

  private track(socket: Socket, stall: () => void): () => void {
    this.streams.set(stall, socket)
    return () => this.streams.delete(stall)
  }

  /** Wi-Fi went down: `reset` kills every camera connection, `silent` stalls the open streams. */
  wifiDropped(mode: WifiDropMode): void {
    if (mode === 'reset') {
      for (const s of this.sockets) if (!this.controlSockets.has(s)) s.destroy()
      return
    }
    for (const [stall, socket] of this.streams) {
      stall()
      this.hung.add(socket)
    }
    this.streams.clear()
  }

  wifiRestored(): void {
    for (const s of this.hung) s.destroy()
    this.hung.clear()
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(port, host, () => resolve())
    })
    const address = this.http.address()
    return typeof address === 'object' && address ? address.port : port
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
  }
}
