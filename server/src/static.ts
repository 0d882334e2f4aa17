/**
 * The built PWA from the same origin as the API. Vite's hashed files under assets/ never change and
 * may be cached for a year; everything else — index.html, the service worker, its workbox runtime,
 * the manifest — is revalidated each time, so an update reaches the tablet.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Hono } from 'hono'
import { serveStatic } from '@hono/node-server/serve-static'

export function cacheControl(path: string): string {
  return /(^|\/)assets\/[^/]+-[A-Za-z0-9_-]{8,}\.\w+$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

export function hasBuiltApp(distDir: string): boolean {
  return existsSync(join(distDir, 'index.html'))
}

export function appFiles(distDir: string): Hono {
  const files = new Hono()
  // After the file is found: serveStatic builds its response before its onFound hook runs.
  files.use('*', async (c, next) => {
    await next()
    if (c.res.ok) c.res.headers.set('Cache-Control', cacheControl(c.req.path))
  })
  // What the app asks a fresh install (src/stores/settings.ts): served by a school server, the app
  // may offer its own origin as the school server's address.
  files.get('/app-config.json', (c) => c.json({ schoolServer: true }))
  files.use('*', serveStatic({ root: distDir }))
  // SPA fallback: a route of the app (no file extension) gets index.html; a missing file stays 404.
  files.on(['GET', 'HEAD'], '*', async (c, next) => {
    if (/\.[A-Za-z0-9]+$/.test(c.req.path)) return next()
    return serveStatic({ root: distDir, path: 'index.html' })(c, next)
  })
  return files
}
