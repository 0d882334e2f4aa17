import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index'
import { post, sleep } from '../emulator/testing'
import { connectCamera } from '../src/camera'
import { bundleRelay } from './bundle'
import { findCamera, tabletAddresses, terminalQr } from './discover'
import { createRelayHandler, startRelay, type Relay, type RelayOptions } from './index'

const ORIGIN = 'https://rondblik.example'
let em: Emulator | undefined
let relay: Relay | undefined
let stub: Server | undefined

afterEach(async () => {
  await relay?.close()
  await em?.close()
  await new Promise((resolve) => (stub ? stub.close(resolve) : resolve(undefined)))
  relay = em = stub = undefined
})

// A real THETA sends no CORS headers, so the emulator runs without --cors here.
async function start(emulator: Partial<EmulatorOptions> = {}, extra: Partial<RelayOptions> = {}) {
  em = await startEmulator({ model: 'theta-x', modeSwitchMs: 0, ...emulator })
  relay = await startRelay({ camera: em.url, ...extra })
  return { camera: em.url, url: relay.url }
}

async function sha256(res: Response): Promise<string> {
  return createHash('sha256').update(new Uint8Array(await res.arrayBuffer())).digest('hex')
}

describe('relay', () => {
  it('answers a preflight itself, Private Network Access included', async () => {
    const { camera, url } = await start()
    const headers = {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,x-xsrf-protected',
      'Access-Control-Request-Private-Network': 'true',
    }
    expect((await fetch(`${camera}/osc/commands/execute`, { method: 'OPTIONS', headers })).status).toBe(404)
    const res = await fetch(`${url}/osc/commands/execute`, { method: 'OPTIONS', headers })
    expect(res.status).toBe(204)
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': expect.stringContaining('POST'),
      'access-control-allow-headers': 'content-type, x-xsrf-protected, range, authorization',
      'access-control-allow-private-network': 'true',
    })
  })

  it('passes commands through and adds CORS to the answers', async () => {
    const { camera, url } = await start()
    const direct = await fetch(`${camera}/osc/info`)
    expect(direct.headers.get('access-control-allow-origin')).toBeNull()
    const info = await fetch(`${url}/osc/info`, { headers: { Origin: ORIGIN } })
    expect(info.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(info.headers.get('access-control-expose-headers')).toContain('content-range')
    expect((await info.json()).model).toBe('RICOH THETA X')
    const options = await post(`${url}/osc/commands/execute`, { name: 'camera.getOptions', parameters: { optionNames: ['captureMode'] } })
    expect([options.status, options.headers.get('access-control-allow-origin'), options.body.results.options]).toEqual([200, '*', { captureMode: 'image' }])
    // The camera's own error statuses and bodies come through unchanged.
    const bad = await post(`${url}/osc/commands/execute`, { name: 'camera.nonsense' })
    expect([bad.status, bad.body.error.code]).toEqual([400, 'unknownCommand'])
    const summary = await (await connectCamera({ baseUrl: url })).summary()
    expect(summary).toMatchObject({ model: 'RICOH THETA X', apiLevel: 2 })
  })

  it('streams the live preview: frames arrive while the stream goes on', async () => {
    const { url } = await start()
    const t0 = performance.now()
    const preview = await (await connectCamera({ baseUrl: url })).openLivePreview()
    const first = await preview.next()
    const firstMs = performance.now() - t0
    for (let i = 0; i < 20; i++) expect(await preview.next()).not.toBeNull()
    preview.close()
    expect([first?.[0], first?.[1], first?.at(-2), first?.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9])
    // Buffering would hold the first frame until the (endless) stream ends.
    expect(firstMs).toBeLessThan(5000)
    expect(await preview.ended).toEqual({ reason: 'aborted' })
  })

  it('Range and HEAD: 206 with the same bytes and headers as the camera', async () => {
    const { camera, url } = await start()
    const [fileUrl] = (await em!.seed({ durationSec: 2, targetBytes: 6_000_000 })).fileUrls
    const path = new URL(fileUrl!).pathname
    const range = { Range: 'bytes=1000000-4999999', Origin: ORIGIN }
    const [viaRelay, direct] = await Promise.all([fetch(url + path, { headers: range }), fetch(camera + path, { headers: range })])
    expect([viaRelay.status, viaRelay.headers.get('content-range'), viaRelay.headers.get('accept-ranges')]).toEqual([206, 'bytes 1000000-4999999/6000000', 'bytes'])
    expect(viaRelay.headers.get('content-length')).toBe('4000000')
    expect(await sha256(viaRelay)).toBe(await sha256(direct))
    const head = await fetch(url + path, { method: 'HEAD' })
    expect([head.status, head.headers.get('content-length')]).toEqual([200, '6000000'])
    expect(await sha256(await fetch(url + path))).toBe(await sha256(await fetch(camera + path)))
  })

  it('a camera that dies mid-download breaks the tablet\'s response instead of ending it cleanly', async () => {
    const { url } = await start()
    const [fileUrl] = (await em!.seed({ durationSec: 1, targetBytes: 3_000_000 })).fileUrls
    em!.faults.cutDownloadAfter(500_000)
    const res = await fetch(url + new URL(fileUrl!).pathname)
    expect(res.status).toBe(200)
    await expect(res.arrayBuffer()).rejects.toThrow()
  })

  it('camera unreachable → 502, silent camera → 504, both without an OSC body (the client says unreachable)', async () => {
    const { url } = await start({}, { timeoutMs: 300 })
    em!.faults.wifiDrop(2, 'silent')
    const silent = await fetch(`${url}/osc/info`, { headers: { Origin: ORIGIN } })
    expect([silent.status, silent.headers.get('access-control-allow-origin')]).toEqual([504, ORIGIN])
    await em!.close()
    em = undefined
    const down = await fetch(`${url}/osc/state`, { method: 'POST' })
    expect([down.status, await down.json()]).toEqual([502, { relay: 'camera unreachable', cause: 'ECONNREFUSED' }])
    await expect(connectCamera({ baseUrl: url })).rejects.toMatchObject({ name: 'CameraError', code: 'unreachable', httpStatus: 502 })
  })

  it('client mode: Digest passes through untouched — record, list and a Range download, the credentials typed into the address', async () => {
    const auth = { user: 'THETAYL00105377', password: '00105377' }
    const { url } = await start({ digest: auth })
    const challenge = await fetch(`${url}/osc/info`, { headers: { Origin: ORIGIN } })
    expect(challenge.status).toBe(401)
    expect(challenge.headers.get('www-authenticate')).toMatch(/^Digest realm="RICOH THETA X"/)
    expect(challenge.headers.get('access-control-expose-headers')).toContain('www-authenticate')
    const typed = url.replace('http://', `http://${auth.user}:${auth.password}@`)
    const camera = await connectCamera({ baseUrl: typed, pageOrigin: ORIGIN, modeSwitchDelayMs: 0 })
    expect((await camera.summary()).model).toBe('RICOH THETA X')
    const recorder = camera.recorder()
    await recorder.start()
    await sleep(1200)
    const clip = await recorder.stop()
    const { files } = await camera.listFiles({ fileType: 'video' })
    expect(files.map((f) => f.fileUrl)).toEqual([clip!.fileUrl])
    const range = async (c: typeof camera) => new Uint8Array(await new Response(await c.download(clip!.fileUrl!, { start: 100, end: 1099 })).arrayBuffer())
    const relayed = await range(camera)
    const direct = await range(await connectCamera({ baseUrl: em!.url.replace('http://', `http://${auth.user}:${auth.password}@`) }))
    expect(relayed.length).toBe(1000)
    expect(relayed).toEqual(direct)
    await expect(connectCamera({ baseUrl: url.replace('http://', `http://${auth.user}:wrong@`) }))
      .rejects.toMatchObject({ name: 'CameraError', code: 'unauthorized' })
  })
})

describe('relay streaming to a camera that never stops sending', () => {
  // A stub camera: writes as fast as the relay takes bytes and reports when its response closes.
  async function endless() {
    const seen = { written: 0, closed: false }
    stub = createServer((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
      const chunk = Buffer.alloc(64 * 1024, 7)
      const write = () => {
        while (!res.destroyed && res.write(chunk)) seen.written += chunk.length
      }
      res.on('drain', write)
      res.on('close', () => (seen.closed = true))
      write()
    })
    await new Promise<void>((resolve) => stub!.listen(0, '127.0.0.1', resolve))
    const address = stub.address()
    relay = await startRelay({ camera: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })
    return seen
  }

  it('holds back a camera while the tablet does not read, and closes it when the tablet goes away', async () => {
    const seen = await endless()
    const controller = new AbortController()
    const res = await fetch(relay!.url, { signal: controller.signal })
    const reader = res.body!.getReader()
    await reader.read()
    await sleep(500)
    const stalled = seen.written
    await sleep(300)
    // Only socket and stream buffers fill up; nothing accumulates in the relay.
    expect(seen.written - stalled).toBeLessThan(1_000_000)
    expect(stalled).toBeLessThan(32 * 1024 * 1024)
    controller.abort()
    await expect.poll(() => seen.closed, { timeout: 3000 }).toBe(true)
  })
})

describe('relay inside another server, and what it tells', () => {
  it('createRelayHandler mounted under /camera: the client connects with that prefix, files by path only', async () => {
    em = await startEmulator({ model: 'theta-z1', modeSwitchMs: 0 })
    const handler = createRelayHandler({ camera: em.url, prefix: '/camera' })
    stub = createServer((req, res) => {
      if (req.url?.startsWith('/camera/') || req.url === '/camera') handler(req, res)
      else res.writeHead(404).end('school server')
    })
    await new Promise<void>((resolve) => stub!.listen(0, '127.0.0.1', resolve))
    const address = stub.address()
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/camera`
    try {
      const camera = await connectCamera({ baseUrl: base, pageOrigin: ORIGIN })
      expect((await camera.summary()).model).toBe('RICOH THETA Z1')
      const [url = ''] = (await em.seed({ durationSec: 1 })).fileUrls
      // The camera's own host in the URL; only its path goes through the relay.
      const asTheCameraNamesIt = `http://192.168.1.1${new URL(url).pathname}`
      expect((await camera.probeFile(asTheCameraNamesIt)).acceptsRanges).toBe(true)
    } finally {
      handler.close()
    }
  })

  it('finds the camera at the usual address and says which one; nobody there → null', async () => {
    em = await startEmulator({ model: 'theta-x', modeSwitchMs: 0 })
    expect(await findCamera(['http://127.0.0.1:9', em.url], 500)).toEqual({ url: em.url, model: 'RICOH THETA X', serialNumber: '10010065' })
    expect(await findCamera(['http://127.0.0.1:9'], 500)).toBeNull()
  })

  it('prints the address for the tablet and a QR code of it', async () => {
    expect(tabletAddresses('192.168.1.5', 8081, 'http://192.168.1.1')).toEqual(['http://192.168.1.5:8081'])
    for (const a of tabletAddresses('0.0.0.0', 8081, 'http://192.168.1.1')) expect(a).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:8081$/)
    const qr = await terminalQr('http://192.168.1.5:8081')
    expect(qr.split('\n').length).toBeGreaterThan(10)
  })

  it('keeps serving through a camera restart', async () => {
    const { camera, url } = await start()
    const port = em!.port
    await em!.close()
    expect((await post(`${url}/osc/state`)).status).toBe(502)
    em = await startEmulator({ model: 'theta-x', modeSwitchMs: 0, port })
    expect(camera).toBe(em.url)
    expect((await post(`${url}/osc/state`)).status).toBe(200)
  })
})

describe('one-file relay bundle', () => {
  it('builds into a single file that runs with plain node, finds the camera and prints the address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-bundle-'))
    em = await startEmulator({ model: 'theta-x', modeSwitchMs: 0 })
    try {
      const file = await bundleRelay(dir)
      expect(readdirSync(dir)).toEqual(['rondblik-relay.mjs'])
      // Run from the empty folder: nothing from node_modules may be needed.
      const child = spawn(process.execPath, [file, '--camera', em.url, '--port', '0', '--host', '127.0.0.1'], { cwd: dir })
      let out = ''
      child.stdout.on('data', (d: Buffer) => { out += d.toString() })
      try {
        for (let i = 0; i < 100 && !out.includes('Ctrl+C'); i++) await sleep(100)
        expect(out).toContain('RICOH THETA X')
        const address = /^ {4}(http:\/\/\S+)$/m.exec(out)?.[1]
        expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
        expect((await post(`${address}/osc/state`)).body.state._captureStatus).toBe('idle')
      } finally {
        child.kill()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
