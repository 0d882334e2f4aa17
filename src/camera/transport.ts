// How bytes reach the camera. Direct fetch and a relay differ only in baseUrl; a native shell can
// implement CameraTransport later (ARCHITECTURE.md §4).
import { concat } from './bytes'
import { digestAuthorization, parseDigestChallenge, randomCnonce, type DigestChallenge, type DigestCredentials } from './digest'
import { CameraError, isCameraError } from './errors'

export interface CameraRequest {
  method: 'GET' | 'POST' | 'HEAD'
  /** '/osc/info' or a camera file URL; only its path is used, so the same URL works through a relay. */
  path: string
  /** JSON body. */
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Overrides the transport's default; for `stream` requests it covers only the wait for headers. */
  timeoutMs?: number
  /** Keep the body as a stream (live preview, files); otherwise it is read within the timeout. */
  stream?: boolean
}

export interface CameraTransport {
  readonly baseUrl: string
  /** Resolves with any HTTP status except 401 (→ 'unauthorized'); rejects only with a CameraError. */
  send(req: CameraRequest): Promise<Response>
}

export interface FetchTransportOptions {
  baseUrl: string
  auth?: DigestCredentials
  fetch?: typeof fetch
  timeoutMs?: number
  /** The page's origin, to tell CORS and mixed-content blocks from an absent camera; default location.origin. */
  pageOrigin?: string
  /** Insta360 rejects requests without it; THETA ignores it. Default true. */
  xsrfHeader?: boolean
}

type AddressSpace = 'local' | 'loopback'
// Chrome's Local Network Access option; other browsers and Node ignore the unknown field.
type LnaRequestInit = RequestInit & { targetAddressSpace?: AddressSpace }

const PROBE_TIMEOUT_MS = 3000
// A JSON answer (even listFiles with detail) is kilobytes; anything this big is not OSC.
const MAX_JSON_BYTES = 8 * 1024 * 1024

/** The whole body, refusing (badResponse) rather than growing past `max`. */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = []
  let total = 0
  if (body) {
    const reader = body.getReader()
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      total += r.value.length
      if (total > max) {
        await reader.cancel()
        throw new CameraError('badResponse')
      }
      chunks.push(r.value)
    }
  }
  // Fetch bodies arrive in ArrayBuffer-backed chunks.
  return concat(chunks, total) as Uint8Array<ArrayBuffer>
}

export function addressSpaceOf(hostname: string): AddressSpace | undefined {
  const h = hostname.replace(/^\[|\]$/g, '')
  if (h === 'localhost' || h === '::1' || /^127\./.test(h)) return 'loopback'
  if (/^(10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.)/.test(h) || h.endsWith('.local') || /^f[cd]/i.test(h)) {
    return 'local'
  }
  return undefined
}

/** The URL for a request: paths (and camera file URLs) hang under the base, so relays with a prefix work. */
export function resolveCameraUrl(baseUrl: string, path: string): URL {
  const base = new URL(baseUrl)
  const target = new URL(path, base)
  const prefix = base.pathname.replace(/\/$/, '')
  const pathname = target.origin === base.origin && target.pathname.startsWith(prefix + '/') ? target.pathname : prefix + target.pathname
  return new URL(pathname + target.search, base.origin)
}

/**
 * A THETA in client mode (on the school's Wi-Fi) asks for Digest credentials, which the coach types
 * into the address as `http://THETAYL00105377:00105377@192.168.0.20`. fetch refuses a URL holding
 * credentials, so they are taken out and answered as Digest.
 */
export function splitCredentials(address: string): { baseUrl: string; auth?: DigestCredentials } {
  const url = new URL(address)
  if (!url.username && !url.password) return { baseUrl: address }
  const auth = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
  url.username = ''
  url.password = ''
  return { baseUrl: url.href.replace(/\/$/, ''), auth }
}

export function createFetchTransport(options: FetchTransportOptions): CameraTransport {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const defaultTimeout = options.timeoutMs ?? 10_000
  const pageOrigin = options.pageOrigin ?? (globalThis as { location?: { origin?: string } }).location?.origin
  const typed = splitCredentials(options.baseUrl)
  const baseUrl = typed.baseUrl
  const credentials = options.auth ?? typed.auth
  const addressSpace = addressSpaceOf(new URL(baseUrl).hostname)
  let challenge: DigestChallenge | undefined
  let nonceCount = 0

  function authorization(method: string, url: URL): string | undefined {
    if (!credentials || !challenge) return undefined
    nonceCount += 1
    return digestAuthorization(challenge, credentials, { method, uri: url.pathname + url.search, nc: nonceCount, cnonce: randomCnonce() })
  }

  async function attempt(req: CameraRequest, url: URL, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers }
    if (options.xsrfHeader !== false) headers['X-XSRF-Protected'] = '1'
    if (req.body !== undefined) headers['Content-Type'] = 'application/json;charset=utf-8'
    const auth = authorization(req.method, url)
    if (auth) headers.Authorization = auth
    const init: LnaRequestInit = {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal,
      cache: 'no-store',
    }
    if (addressSpace) init.targetAddressSpace = addressSpace
    return doFetch(url, init)
  }

  async function send(req: CameraRequest): Promise<Response> {
    const url = resolveCameraUrl(baseUrl, req.path)
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, req.timeoutMs ?? defaultTimeout)
    const onAbort = () => controller.abort()
    // A streamed body stays linked to the caller's signal after the headers, so abort still cancels it.
    let keepLinked = false
    req.signal?.addEventListener('abort', onAbort)
    if (req.signal?.aborted) controller.abort()
    try {
      let response = await attempt(req, url, controller.signal)
      if (response.status === 401 && credentials) {
        const fresh = parseDigestChallenge(response.headers.get('WWW-Authenticate'))
        await response.body?.cancel()
        // One retry with the new nonce; a second 401 means wrong credentials.
        if (fresh) {
          challenge = fresh
          nonceCount = 0
          response = await attempt(req, url, controller.signal)
        }
      }
      if (response.status === 401) {
        await response.body?.cancel()
        throw new CameraError('unauthorized', { httpStatus: 401 })
      }
      if (req.stream || req.method === 'HEAD') {
        keepLinked = true
        return response
      }
      const bytes = await readCapped(response.body, MAX_JSON_BYTES)
      const nullBody = [101, 204, 205, 304].includes(response.status)
      return new Response(nullBody ? null : bytes, { status: response.status, statusText: response.statusText, headers: response.headers })
    } catch (e) {
      if (isCameraError(e)) throw e
      if (req.signal?.aborted) throw new CameraError('aborted', { cause: e })
      if (timedOut) throw new CameraError('timeout', { cause: e })
      throw await classifyNetworkFailure(url, e, { pageOrigin, fetch: doFetch })
    } finally {
      clearTimeout(timer)
      if (!keepLinked) req.signal?.removeEventListener('abort', onAbort)
    }
  }

  return { baseUrl, send }
}

interface FailureContext {
  pageOrigin?: string
  fetch: typeof fetch
}

/**
 * A browser's fetch throws the same TypeError for "nobody answered" and "the browser hid the answer".
 * A no-cors probe to the same URL gets an opaque answer only if the host is there: then CORS blocked us.
 */
async function classifyNetworkFailure(url: URL, cause: unknown, ctx: FailureContext): Promise<CameraError> {
  if (!ctx.pageOrigin || !/^https?:/.test(ctx.pageOrigin) || new URL(ctx.pageOrigin).origin === url.origin) {
    return new CameraError('unreachable', { cause })
  }
  if (await hostAnswers(url, ctx.fetch)) return new CameraError('blocked', { blockedReason: 'cors', cause })
  // An https page cannot fetch http at all unless the browser lifts mixed-content blocking for local addresses.
  if (ctx.pageOrigin.startsWith('https:') && url.protocol === 'http:') {
    return new CameraError('blocked', { blockedReason: 'mixedContent', cause })
  }
  return new CameraError('unreachable', { cause })
}

async function hostAnswers(url: URL, doFetch: typeof fetch): Promise<boolean> {
  try {
    await doFetch(url, { mode: 'no-cors', method: 'GET', cache: 'no-store', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
    return true
  } catch {
    return false
  }
}

/** Never sends a request before the previous one was answered (Insta360 handles one command at a time). */
export function serializeTransport(transport: CameraTransport): CameraTransport {
  let tail: Promise<unknown> = Promise.resolve()
  return {
    baseUrl: transport.baseUrl,
    send(req) {
      const run = tail.then(() => transport.send(req))
      tail = run.catch(() => undefined)
      return run
    },
  }
}
