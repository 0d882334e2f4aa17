import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app'
import { openDatabase } from './db/database'
import { migrate } from './db/migrations'
import { cacheControl } from './static'

describe('serving the built app', () => {
  let dir: string
  let app: Awaited<ReturnType<typeof createApp>>['app']
  const database = () => openDatabase({ dataDir: join(dir, 'data') })
  let opened: ReturnType<typeof database>

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rondblik-static-'))
    const dist = join(dir, 'dist')
    await mkdir(join(dist, 'assets'), { recursive: true })
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Rondblik</title>')
    await writeFile(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    await writeFile(join(dist, 'manifest.webmanifest'), '{}')
    await writeFile(join(dist, 'assets', 'index-B3xk9aQz.js'), 'export {}')
    opened = database()
    await migrate(opened.db)
    ;({ app } = await createApp({ database: opened, distDir: dist, log: () => {} }))
  })
  afterAll(async () => {
    await opened.db.destroy()
    await rm(dir, { recursive: true, force: true })
  })

  it('caches hashed assets for a year and revalidates index.html, the service worker and the manifest', async () => {
    const asset = await app.request('/assets/index-B3xk9aQz.js')
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    for (const path of ['/', '/sw.js', '/manifest.webmanifest']) {
      const response = await app.request(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('cache-control'), path).toBe('no-cache')
    }
    expect(cacheControl('assets/workbox-window.prod.es5.js')).toBe('no-cache')
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff')
    expect(asset.headers.get('strict-transport-security')).toBe('max-age=15552000')
  })

  it("answers a route of the app with index.html, a missing file with 404 and an unknown API route with JSON", async () => {
    const route = await app.request('/coachees/0191f2a0/traject')
    expect(route.status).toBe(200)
    expect(await route.text()).toContain('<title>Rondblik</title>')
    expect(route.headers.get('cache-control')).toBe('no-cache')
    expect((await app.request('/assets/missing-AAAAAAAA.js')).status).toBe(404)
    const config = await app.request('/app-config.json')
    expect(await config.json()).toEqual({ schoolServer: true })
    expect(config.headers.get('cache-control')).toBe('no-cache')
    const api = await app.request('/api/nothing-here')
    expect(api.status).toBe(404)
    expect(await api.json()).toEqual({ error: { code: 'notFound', message: 'no such API route' } })
    for (const escape of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fdata%2frondblik.sqlite']) {
      const response = await app.request(escape)
      expect(response.status === 404 || (await response.text()).includes('<title>Rondblik</title>'), escape).toBe(true)
    }
  })
})
