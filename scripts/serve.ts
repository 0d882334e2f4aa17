/**
 * Serves the built app (dist/) the way a school's web server would: static files, the SPA
 * fallback for deep links, no caching of the service worker, and /app-config.json, which tells
 * the app its default camera (the emulator when run by `npm start`).
 */
import { createServer, type Server } from 'node:http'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export interface AppConfig {
  defaultCameraAddress?: string
}

export interface StaticServerOptions {
  root: string
  port?: number
  host?: string
  config?: AppConfig
  /** Lets a test serve a changed file, e.g. a new service worker version. */
  transform?: (path: string, body: Buffer) => Buffer
}

export async function startStaticServer(options: StaticServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const root = resolve(options.root)
  const indexHtml = join(root, 'index.html')
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
      if (path === '/app-config.json') {
        res.writeHead(200, { 'content-type': TYPES['.json']!, 'cache-control': 'no-store' })
        res.end(JSON.stringify(options.config ?? {}))
        return
      }
      let file = normalize(join(root, path))
      if (!file.startsWith(root)) { res.writeHead(403).end(); return }
      const info = await stat(file).catch(() => null)
      if (!info || info.isDirectory()) file = indexHtml
      if (file === indexHtml && !(await stat(indexHtml).catch(() => null))) { res.writeHead(404).end(); return }
      const type = TYPES[extname(file)] ?? 'application/octet-stream'
      // Hashed assets may be cached for ever; the shell and the service worker never.
      const immutable = file.includes(`${join(root, 'assets')}`)
      const headers = {
        'content-type': type,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      }
      if (options.transform) {
        const body = options.transform(file.slice(root.length), await readFile(file))
        res.writeHead(200, { ...headers, 'content-length': body.length })
        res.end(req.method === 'HEAD' ? undefined : body)
        return
      }
      res.writeHead(200, headers)
      if (req.method === 'HEAD') res.end()
      else createReadStream(file).on('error', () => res.destroy()).pipe(res)
    } catch {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    }
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((done) => server.listen(options.port ?? 0, host, done))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    server,
    url: `http://${host}:${port}`,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()) }),
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5173' },
      host: { type: 'string', default: '127.0.0.1' },
      root: { type: 'string', default: 'dist' },
      camera: { type: 'string' },
    },
  })
  const config: AppConfig = values.camera ? { defaultCameraAddress: values.camera } : {}
  const { url } = await startStaticServer({ root: values.root!, port: Number(values.port), host: values.host, config })
  console.log(`Rondblik: ${url}`)
}
