/**
 * Starting the server: opens and migrates the database, builds the app and listens — over HTTPS
 * with --tls-cert/--tls-key, else plain HTTP with a clear warning (a tablet's browser gives a PWA
 * its service worker, WebCrypto keys and camera only in a secure context: HTTPS or localhost).
 */
import { readFileSync } from 'node:fs'
import { createServer as createHttpServer, type RequestListener, type ServerOptions } from 'node:http'
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { createRelayHandler } from '../../relay/index'
import { createApp, type ApiPlugin } from './app'
import type { ServerConfig } from './config'
import { openDatabase, type OpenedDatabase } from './db/database'
import { migrate } from './db/migrations'
import { hasBuiltApp } from './static'
import type { AppEnv } from './context'
import type { Context } from 'hono'
import { assetRepository } from './video/assets'
import { databaseLocker } from './video/locker'
import { videoRoutes } from './video/routes'
import { storageFromEnv, type VideoStorage } from './video/storage'

/** The video routes (server/src/video) behind the server's sign-in and grants. */
export function videoPlugin(storage: VideoStorage): ApiPlugin {
  return (app, services) => {
    app.use('/api/video/*', services.requireDevice)
    app.route(
      '/',
      videoRoutes({
        storage,
        assets: assetRepository(services.db),
        coachOf: (c: Context) => (c as Context<AppEnv>).var.device.coachId,
        mayAccess: services.grants.may,
        // PostgreSQL is how several instances share a database: then tus' lock must be shared too.
        locker: services.dialect === 'postgres' ? databaseLocker(services.db) : undefined,
        now: services.now,
      }),
    )
  }
}

export interface RunningServer {
  url: string
  database: OpenedDatabase
  /** Reads --tls-cert/--tls-key again (a renewed certificate) without dropping a connection; SIGHUP in main.ts. */
  reloadTls(): void
  close(): Promise<void>
}

/** Where the camera relay answers when the server is started with --camera. */
export const CAMERA_RELAY_PATH = '/camera'

const readTls = (tls: { cert: string; key: string }) => ({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) })

export interface StartOptions {
  /** RONDBLIK_S3_* for the video storage (server/src/video/storage.ts); a files folder in --data without. */
  env?: NodeJS.ProcessEnv
  now?: () => number
  log?: (line: string) => void
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? console.log
  const database = openDatabase(config)
  await migrate(database.db)
  const storage = await storageFromEnv(options.env ?? {}, config.dataDir)
  const { app } = await createApp({ database, distDir: config.distDir, plugins: [videoPlugin(storage)], now: options.now, log })
  // The relay is a plain Node listener (it streams the endless live preview), so it sits in front of Hono.
  const relay = config.cameraRelay ? createRelayHandler({ camera: config.cameraRelay, prefix: CAMERA_RELAY_PATH }) : undefined
  const createNodeServer = (config.tls ? createHttpsServer : createHttpServer) as typeof createHttpServer
  const server: ServerType = await new Promise((resolve) => {
    const started: ServerType = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        // node-server's options type ties createServer to http or https; ours is either, by config.tls.
        createServer: (serverOptions: ServerOptions, listener?: RequestListener) =>
          createNodeServer(serverOptions, (req, res) => {
            const toCamera = relay && (req.url === CAMERA_RELAY_PATH || req.url?.startsWith(`${CAMERA_RELAY_PATH}/`))
            if (toCamera) relay(req, res)
            else listener?.(req, res)
          }),
        ...(config.tls ? { serverOptions: readTls(config.tls) } : {}),
      } as Parameters<typeof serve>[0],
      () => resolve(started),
    )
  })
  const { port } = server.address() as AddressInfo
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const url = `${config.tls ? 'https' : 'http'}://${shownHost}:${port}`
  log(`Rondblik server on ${url} (${database.dialect === 'sqlite' ? `SQLite in ${database.sqlitePath}` : 'PostgreSQL'})`)
  if (relay) log(`Camera relay at ${url}${CAMERA_RELAY_PATH} for the camera at ${config.cameraRelay}`)
  if (!hasBuiltApp(config.distDir)) log(`No built app in ${config.distDir}: only /api is served (run \`npm run build\` first).`)
  if (!config.tls) {
    log(
      'WARNING: plain HTTP. Tablets need HTTPS to install the app and sign in: put a reverse proxy with a certificate in front, ' +
        'or start with --tls-cert FILE --tls-key FILE. Only http://localhost counts as secure, on this machine itself.',
    )
  }
  return {
    url,
    database,
    reloadTls() {
      if (!config.tls) return
      ;(server as HttpsServer).setSecureContext(readTls(config.tls))
      log(`TLS certificate reloaded from ${config.tls.cert}`)
    },
    async close() {
      // Requests in flight finish; idle keep-alive connections would hold close() open for seconds.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      if ('closeIdleConnections' in server) server.closeIdleConnections()
      relay?.close()
      await closed
      await database.db.destroy()
    },
  }
}
