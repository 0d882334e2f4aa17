import { describe, expect, it, vi } from 'vitest'
import { requestJson } from './commands'
import type { CameraError } from './errors'
import { addressSpaceOf, createFetchTransport, resolveCameraUrl, serializeTransport, splitCredentials, type CameraTransport } from './transport'

const CAMERA = 'http://192.168.1.1'
const networkDown = () => Promise.reject(new TypeError('Failed to fetch'))

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers })
}

async function failure(transport: CameraTransport, path = '/osc/state'): Promise<CameraError> {
  try {
    await requestJson(transport, { method: 'POST', path })
  } catch (e) {
    return e as CameraError
  }
  throw new Error('expected a failure')
}

describe('error mapping', () => {
  it('unreachable: fetch fails and the no-cors probe fails too', async () => {
    const fetch = vi.fn(networkDown)
    const e = await failure(createFetchTransport({ baseUrl: CAMERA, fetch, pageOrigin: 'http://localhost:5173' }))
    expect(e.code).toBe('unreachable')
    expect(fetch).toHaveBeenLastCalledWith(expect.anything(), expect.objectContaining({ mode: 'no-cors' }))
  })

  it('blocked by CORS: the no-cors probe gets an (opaque) answer', async () => {
    const fetch = vi.fn((_: unknown, init?: RequestInit) => (init?.mode === 'no-cors' ? Promise.resolve(new Response(null)) : networkDown()))
    const e = await failure(createFetchTransport({ baseUrl: CAMERA, fetch, pageOrigin: 'http://localhost:5173' }))
    expect(e).toMatchObject({ code: 'blocked', blockedReason: 'cors' })
  })

  it('blocked as mixed content: https page, http camera, nothing gets through', async () => {
    const e = await failure(createFetchTransport({ baseUrl: CAMERA, fetch: networkDown, pageOrigin: 'https://rondblik.app' }))
    expect(e).toMatchObject({ code: 'blocked', blockedReason: 'mixedContent' })
  })

  it('no page (Node) or same origin: unreachable without a probe', async () => {
    const fetch = vi.fn(networkDown)
    expect((await failure(createFetchTransport({ baseUrl: CAMERA, fetch, pageOrigin: CAMERA }))).code).toBe('unreachable')
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('timeout vs aborted', async () => {
    const hang = (_: unknown, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
    const transport = createFetchTransport({ baseUrl: CAMERA, fetch: hang, timeoutMs: 20 })
    expect((await failure(transport)).code).toBe('timeout')
    const controller = new AbortController()
    const pending = requestJson(transport, { method: 'POST', path: '/osc/state', signal: controller.signal, timeoutMs: 10_000 })
    controller.abort()
    await expect(pending).rejects.toMatchObject({ code: 'aborted' })
  })

  it.each([
    [400, 'unknownCommand', 'refused'],
    [400, 'invalidParameterValue', 'refused'],
    [403, 'disabledCommand', 'refused'],
    [403, 'invalidSessionId', 'refused'],
    [404, 'notFound', 'refused'],
    [503, 'serviceUnavailable', 'busy'],
    [400, 'cameraInExclusiveUse', 'busy'],
    [503, 'unexpected', 'refused'],
    [500, 'serverError', 'refused'],
  ])('HTTP %i %s → %s', async (status, code, expected) => {
    const fetch = () => Promise.resolve(json(status, { name: 'camera.startCapture', state: 'error', error: { code, message: 'x' } }))
    expect(await failure(createFetchTransport({ baseUrl: CAMERA, fetch }))).toMatchObject({ code: expected, cameraCode: code, httpStatus: status })
  })

  it('relay 502 without an OSC body → unreachable; other statuses without a body → refused', async () => {
    expect((await failure(createFetchTransport({ baseUrl: CAMERA, fetch: () => Promise.resolve(json(502, 'Bad Gateway')) }))).code).toBe('unreachable')
    expect(await failure(createFetchTransport({ baseUrl: CAMERA, fetch: () => Promise.resolve(json(404, '<html>')) }))).toMatchObject({
      code: 'refused',
      httpStatus: 404,
      cameraCode: undefined,
    })
  })

  it('a 200 with garbage → badResponse', async () => {
    expect((await failure(createFetchTransport({ baseUrl: CAMERA, fetch: () => Promise.resolve(json(200, '{"fingerpr')) }))).code).toBe('badResponse')
  })

  it('an endless or oversized JSON answer → badResponse, without reading it all', async () => {
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1
        controller.enqueue(new Uint8Array(1024 * 1024).fill(32))
      },
    })
    const fetch = () => Promise.resolve(new Response(endless, { status: 200 }))
    expect((await failure(createFetchTransport({ baseUrl: CAMERA, fetch }))).code).toBe('badResponse')
    expect(pulled).toBeLessThan(12)
  })

  it('the message never carries the raw exception text', async () => {
    const e = await failure(createFetchTransport({ baseUrl: CAMERA, fetch: () => Promise.reject(new TypeError('Failed to fetch: secret')) }))
    expect(e.message).not.toContain('secret')
  })
})

describe('requests', () => {
  it('sends JSON with the OSC content type, the Insta360 header and LNA address space', async () => {
    const fetch = vi.fn((_: unknown, _init?: RequestInit) => Promise.resolve(json(200, { fingerprint: 'x', state: {} })))
    await requestJson(createFetchTransport({ baseUrl: CAMERA, fetch }), { method: 'POST', path: '/osc/state', body: {} })
    const [url, init] = fetch.mock.calls[0]!
    expect(String(url)).toBe('http://192.168.1.1/osc/state')
    expect(init).toMatchObject({
      method: 'POST',
      targetAddressSpace: 'local',
      headers: { 'Content-Type': 'application/json;charset=utf-8', 'X-XSRF-Protected': '1' },
    })
  })

  it('answers a Digest challenge once and counts nonces', async () => {
    const seen: (string | undefined)[] = []
    const fetch = vi.fn((_: unknown, init?: RequestInit) => {
      const auth = (init?.headers as Record<string, string>).Authorization
      seen.push(auth)
      if (!auth) return Promise.resolve(json(401, '', { 'WWW-Authenticate': 'Digest realm="RICOH THETA X", nonce="abc", qop="auth"' }))
      return Promise.resolve(json(200, { ok: true }))
    })
    const transport = createFetchTransport({ baseUrl: CAMERA, fetch, auth: { username: 'THETAYL00105377', password: '00105377' } })
    await requestJson(transport, { method: 'GET', path: '/osc/info' })
    await requestJson(transport, { method: 'GET', path: '/osc/info' })
    expect(seen).toHaveLength(3)
    expect(seen[1]).toMatch(/^Digest username="THETAYL00105377", realm="RICOH THETA X", nonce="abc", uri="\/osc\/info", response="[0-9a-f]{32}", qop=auth, nc=00000001/)
    expect(seen[2]).toContain('nc=00000002')
  })

  it('client mode: credentials typed into the address are answered as Digest, never put in the URL fetched', async () => {
    const urls: string[] = []
    const seen: (string | undefined)[] = []
    const fetch = vi.fn((url: unknown, init?: RequestInit) => {
      urls.push(String(url))
      const auth = (init?.headers as Record<string, string>).Authorization
      seen.push(auth)
      if (!auth) return Promise.resolve(json(401, '', { 'WWW-Authenticate': 'Digest realm="RICOH THETA Z1", nonce="n1", qop="auth"' }))
      return Promise.resolve(json(200, { ok: true }))
    })
    const transport = createFetchTransport({ baseUrl: 'http://THETAYN10010066:10010066@192.168.0.20:8081', fetch })
    expect(transport.baseUrl).toBe('http://192.168.0.20:8081')
    await requestJson(transport, { method: 'GET', path: '/osc/info' })
    expect(urls).toEqual(['http://192.168.0.20:8081/osc/info', 'http://192.168.0.20:8081/osc/info'])
    expect(seen[1]).toMatch(/^Digest username="THETAYN10010066", realm="RICOH THETA Z1", nonce="n1", uri="\/osc\/info"/)
    expect(splitCredentials('http://192.168.1.1')).toEqual({ baseUrl: 'http://192.168.1.1' })
    expect(splitCredentials('http://a%40b:p%3Aw@10.0.0.5/camera')).toEqual({ baseUrl: 'http://10.0.0.5/camera', auth: { username: 'a@b', password: 'p:w' } })
  })

  it('wrong credentials → unauthorized', async () => {
    const fetch = () => Promise.resolve(json(401, '', { 'WWW-Authenticate': 'Digest realm="r", nonce="n", qop="auth"' }))
    const transport = createFetchTransport({ baseUrl: CAMERA, fetch, auth: { username: 'u', password: 'p' } })
    expect((await failure(transport)).code).toBe('unauthorized')
  })

  it('camera file URLs go through the base (relay prefix, other port)', () => {
    expect(resolveCameraUrl('http://127.0.0.1:8080/cam/', 'http://192.168.1.1/files/100RICOH/R1.MP4').href).toBe(
      'http://127.0.0.1:8080/cam/files/100RICOH/R1.MP4',
    )
    expect(resolveCameraUrl('http://127.0.0.1:8080/cam', '/osc/info').href).toBe('http://127.0.0.1:8080/cam/osc/info')
    expect(resolveCameraUrl('http://192.168.1.1', '/files/a.MP4?type=thumb').href).toBe('http://192.168.1.1/files/a.MP4?type=thumb')
    expect([addressSpaceOf('192.168.42.1'), addressSpaceOf('127.0.0.1'), addressSpaceOf('example.org')]).toEqual(['local', 'loopback', undefined])
  })

  it('serializeTransport never has two requests in flight', async () => {
    let inFlight = 0
    let max = 0
    const inner: CameraTransport = {
      baseUrl: CAMERA,
      async send() {
        max = Math.max(max, ++inFlight)
        await new Promise((r) => setTimeout(r, 2))
        inFlight -= 1
        return json(200, {})
      },
    }
    const serial = serializeTransport(inner)
    await Promise.allSettled(Array.from({ length: 5 }, () => serial.send({ method: 'POST', path: '/osc/state' })))
    expect(max).toBe(1)
  })
})
