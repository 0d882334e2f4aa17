/**
 * The video routes on a real loopback HTTP server for the tests and the bench, with a stand-in for
 * the server's sign-in: `Authorization: Bearer <coachId>`, grants from a plain map. Everything below
 * the sign-in (tus, the stores, the database, verification) is the real thing.
 */
import { serve, type ServerType } from '@hono/node-server'
import Database from 'better-sqlite3'
import { Hono } from 'hono'
import { Kysely, SqliteDialect } from 'kysely'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import * as tus from 'tus-js-client'
import { UPLOAD_CHUNK_BYTES, UPLOAD_PATH, type UploadMetadata } from '../../../src/sync/protocol'
import type { Database as Tables } from '../db/database'
import { migrate } from '../db/migrations'
import { assetRepository } from './assets'
import { databaseLocker } from './locker'
import { startS3Server, type S3TestServer } from '../../test/s3/s3-server'
import { videoRoutes } from './routes'
import { fileStorage, s3Storage, type VideoStorage } from './storage'

export interface VideoTestServer {
  url: string
  db: Kysely<Tables>
  close(): Promise<void>
}

export async function startVideoServer(options: { dataDir: string; storage: VideoStorage; grants: Record<string, string[]>; port?: number; now?: () => number; sharedLock?: boolean }): Promise<VideoTestServer> {
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(join(options.dataDir, 'video.sqlite')) }) })
  // The server's own migrations, so a restart or a second instance on the same data finds its schema.
  await migrate(db)
  const app = new Hono()
  // As the server does: sign-in on /api/video/* (the playback links take none).
  app.use('/api/video/*', async (c, next) => {
    const coach = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1]
    if (!coach) return c.json({ error: { code: 'tokenInvalid', message: 'no token' } }, 401)
    c.set('coach' as never, coach as never)
    await next()
  })
  app.route(
    '/',
    videoRoutes({
      storage: options.storage,
      assets: assetRepository(db),
      coachOf: (c) => c.get('coach' as never) as string,
      mayAccess: async (coach, scope) => options.grants[coach]?.includes(scope) ?? false,
      now: options.now,
      locker: options.sharedLock ? databaseLocker(db, { pollMs: 50 }) : undefined,
    }),
  )
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    async close() {
      await new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close(() => resolve())
      })
      await db.destroy()
    },
  }
}

export interface TestUpload {
  file: Buffer
  metadata: Record<string, string>
  /** The bearer token: the test server's stand-in takes the coach's id, the real server an access token. */
  token?: string
  retryDelays?: number[]
  onProgress?: (sent: number, total: number) => void
  /** An upload URL to resume instead of creating a new upload. */
  uploadUrl?: string
}

/** Uploads with tus-js-client in Node (the app's client), chunked as the app chunks. */
export function tusUpload(endpoint: string, options: TestUpload): { done: Promise<string>; url: () => string | null; abort: () => Promise<void> } {
  let upload!: tus.Upload
  const done = new Promise<string>((resolve, reject) => {
    upload = new tus.Upload(options.file, {
      endpoint: `${endpoint}${UPLOAD_PATH}`,
      uploadUrl: options.uploadUrl,
      chunkSize: UPLOAD_CHUNK_BYTES,
      metadata: options.metadata,
      headers: { Authorization: `Bearer ${options.token ?? 'coach-a'}` },
      retryDelays: options.retryDelays ?? [],
      onProgress: options.onProgress,
      onSuccess: () => resolve(upload.url!),
      onError: reject,
    })
    upload.start()
  })
  return { done, url: () => upload.url, abort: () => upload.abort() }
}

/** Metadata for `file` as the app sends it. */
export function metadataFor(file: Buffer, overrides: Partial<UploadMetadata> = {}): Record<string, string> {
  return { assetId: 'asset-1', recordingId: 'rec-1', scope: 'coachee-1', kind: 'whole', startSec: '0', endSec: '600.5', size: String(file.length), crc32: String(crc32(file)), ...overrides }
}

/** The stores every upload test runs on: S3 against the stand-in in server/test/s3 (no S3-compatible server is available here). */
export interface StorageUnderTest {
  name: string
  make(dir: string): Promise<{ storage: VideoStorage; s3?: S3TestServer; close(): Promise<void> }>
}

export const STORAGES: StorageUnderTest[] = [
  { name: 'file store', make: async (dir) => ({ storage: fileStorage(join(dir, 'video')), close: async () => undefined }) },
  {
    name: 'S3 store (test stand-in)',
    async make(dir) {
      const s3 = await startS3Server({ dir: join(dir, 's3') })
      const storage = s3Storage({ endpoint: s3.url, bucket: 'rondblik', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: 'us-east-1' })
      return { storage, s3, close: () => s3.close() }
    },
  },
]


/**
 * A TCP link to `target`, as Wi-Fi is between tablet and server: counts the bytes and requests sent,
 * can be cut, or can stall (the connection stays open and nothing more gets through).
 */
export async function link(target: string) {
  const { hostname, port } = new URL(target)
  const sockets = new Set<Socket>()
  let sent = 0
  let cutAt = Number.POSITIVE_INFINITY
  let stallAt = Number.POSITIVE_INFINITY
  const requests: string[] = []
  const proxy = createServer((client) => {
    const upstream = connect(Number(port), hostname)
    sockets.add(client).add(upstream)
    let stalled = false
    client.on('data', (d: Buffer) => {
      const line = /^(POST|PATCH|HEAD|GET|DELETE) \S+/.exec(d.subarray(0, 200).toString('latin1'))
      if (line) requests.push(line[0])
      if (stalled) return
      sent += d.length
      if (sent >= cutAt) {
        cutAt = Number.POSITIVE_INFINITY
        for (const s of sockets) s.destroy()
        sockets.clear()
        return
      }
      if (sent >= stallAt) {
        stallAt = Number.POSITIVE_INFINITY
        stalled = true
        return
      }
      upstream.write(d)
    })
    upstream.pipe(client)
    for (const s of [client, upstream]) s.on('error', () => undefined).on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    sent: () => sent,
    /** The request lines sent, e.g. `HEAD /api/video/uploads/…`. */
    requests,
    cutAfter(bytes: number) {
      cutAt = sent + bytes
    },
    stallAfter(bytes: number) {
      stallAt = sent + bytes
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        proxy.close(() => resolve())
      }),
  }
}
