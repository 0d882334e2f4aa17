/**
 * The camera relay: a small HTTP server in front of a camera that passes every request through
 * unbuffered (commands, the endless live preview, Range downloads) and adds the CORS and
 * Private-Network headers a real THETA never sends (ARCHITECTURE.md §4, route 2).
 */
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { pipeline } from 'node:stream'

export interface RelayHandlerOptions {
  /** The camera's address, an origin like `http://192.168.1.1`. */
  camera: string
  /** Silence from the camera for this long ends the exchange: 504 before its answer, a cut after. Default 30 s. */
  timeoutMs?: number
  /**
   * Where the handler is mounted in a bigger server (the school server: `/camera`): stripped before
   * the request goes to the camera. The tablet then uses `http://server/camera` as camera address.
   */
  prefix?: string
}

export interface RelayOptions extends Omit<RelayHandlerOptions, 'prefix'> {
  /** 0 (default) picks a free port. */
  port?: number
  /** Default 127.0.0.1; `0.0.0.0` to serve the tablet from a laptop. */
  host?: string
}

export interface Relay {
  url: string
  port: number
  close(): Promise<void>
}

const ALLOW_HEADERS = 'content-type, x-xsrf-protected, range, authorization'
// www-authenticate too: the client reads the Digest challenge from a 401.
const EXPOSE_HEADERS = 'content-length, content-range, accept-ranges, content-type, www-authenticate'

// Per-connection headers (RFC 9110 §7.6.1) belong to one hop and are not passed on.
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer',
  'transfer-encoding', 'upgrade',
])

function passOn(headers: IncomingHttpHeaders, drop: (name: string) => boolean): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !drop(name)))
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    'Access-Control-Expose-Headers': EXPOSE_HEADERS,
    Vary: 'Origin',
  }
}

function preflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, {
    ...corsHeaders(req),
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
    'Access-Control-Allow-Headers': ALLOW_HEADERS,
    // Chrome's Private Network Access asks this before a public or secure page may call a local address.
    ...(req.headers['access-control-request-private-network'] === 'true' ? { 'Access-Control-Allow-Private-Network': 'true' } : {}),
    'Access-Control-Max-Age': '600',
  })
  res.end()
}

// No OSC error body on purpose: the client maps a bare 502/504 to 'unreachable' (src/camera/errors.ts).
function gatewayError(req: IncomingMessage, res: ServerResponse, status: 502 | 504, cause: string): void {
  const body = JSON.stringify({ relay: status === 504 ? 'camera timeout' : 'camera unreachable', cause })
  res.writeHead(status, { ...corsHeaders(req), 'Content-Type': 'application/json;charset=utf-8', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

export interface RelayHandler extends RequestListener {
  /** Ends the camera-side connections (the server that mounts the handler closes its own). */
  close(): void
}

/**
 * The relay as a Node request handler, for `startRelay` and for a server that mounts it (the school
 * server, when it sits on the camera's network). Every failure is an answer, never a throw, so
 * camera restarts and Wi-Fi drops only cost the requests under way.
 */
export function createRelayHandler(options: RelayHandlerOptions): RelayHandler {
  const camera = new URL(options.camera)
  if (camera.protocol !== 'http:' || camera.pathname !== '/' || camera.search) {
    throw new Error(`--camera wants an http origin like http://192.168.1.1, not ${options.camera}`)
  }
  const timeoutMs = options.timeoutMs ?? 30_000
  const prefix = (options.prefix ?? '').replace(/\/$/, '')
  // A fresh connection per request: reusing one the camera has just closed would fail a command it never saw.
  const agent = new Agent({ keepAlive: false })

  function cameraPath(url = '/'): string {
    if (!prefix || !url.startsWith(prefix)) return url
    return url.slice(prefix.length) || '/'
  }

  function forward(req: IncomingMessage, res: ServerResponse): void {
    const upstream = request({
      agent,
      host: camera.hostname,
      port: camera.port || 80,
      method: req.method,
      path: cameraPath(req.url),
      headers: { ...passOn(req.headers, (name) => name === 'host'), host: camera.host },
    })
    let timedOut = false
    upstream.setTimeout(timeoutMs, () => {
      timedOut = true
      upstream.destroy()
    })
    // The tablet went away (preview closed, download cancelled): stop the camera's side too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy()
    })
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, {
        // A camera (or emulator) that sends CORS itself would otherwise give the browser two values.
        ...passOn(answer.headers, (name) => name.startsWith('access-control-') || name === 'vary'),
        ...corsHeaders(req),
      })
      res.flushHeaders()
      // pipe with backpressure; an error on either side (camera cut, tablet gone) destroys both.
      pipeline(answer, res, (err) => {
        if (err) upstream.destroy()
      })
    })
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (res.destroyed) return
      if (res.headersSent) res.destroy()
      else gatewayError(req, res, timedOut ? 504 : 502, timedOut ? 'timeout' : (err.code ?? err.message))
    })
    // pipe, not pipeline: a failed upstream must not take the tablet's socket down before the 502.
    req.pipe(upstream)
  }

  const handler: RelayHandler = Object.assign(
    (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'OPTIONS') preflight(req, res)
      else forward(req, res)
    },
    { close: () => agent.destroy() },
  )
  return handler
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const handler = createRelayHandler(options)
  const sockets = new Set<Socket>()
  const server = createServer(handler)
  // A tablet that drops its connection half-way must not take the relay down.
  server.on('clientError', (_err, socket) => socket.destroy())
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0)
  const host = options.host ?? '127.0.0.1'
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    async close() {
      for (const s of sockets) s.destroy()
      handler.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
