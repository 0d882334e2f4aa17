/**
 * Video on the school server: tus uploads at UPLOAD_PATH, the asset list and downloads with Range.
 *
 * Several server instances: everything an upload depends on is in the database (video_assets) and
 * the storage, never only in this process. tus' lock on an upload is per process (MemoryLocker)
 * unless `locker` is given: the server passes the database locker (locker.ts) on PostgreSQL, which
 * is how instances share one database. With the file store the folder must be shared too (S3 is
 * shared by nature). S3Store's metadata cache is per process but only saves reads.
 */
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { Server, type Locker, type Upload } from '@tus/server'
import { Hono, type Context } from 'hono'
import * as v from 'valibot'
import { UPLOAD_PATH, UploadMetadataSchema, VIDEO_LINK_PATH, VIDEO_LINK_TTL_MS, type AssetsResponse, type ErrorCode, type VideoLinkResponse } from '../../../src/sync/protocol'
import { publicAsset, type AssetRepository, type StoredAsset } from './assets'
import { measure } from './crc'
import { parseRange } from './range'
import type { VideoStorage } from './storage'

export interface VideoDeps {
  storage: VideoStorage
  assets: AssetRepository
  /** The signed-in coach of a request that passed the server's auth middleware. */
  coachOf(c: Context): string
  /** Whether the coach holds a grant on this scope (a coachee). */
  mayAccess(coachId: string, scope: string): Promise<boolean>
  locker?: Locker
  now?: () => number
}

/** What the tus hooks throw: tus answers with this status and body. */
class VideoError {
  readonly status_code: number
  readonly body: string
  constructor(status: number, code: ErrorCode, message: string) {
    this.status_code = status
    this.body = JSON.stringify({ error: { code, message } })
  }
}

const STORAGE_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'XMinioStorageFull', 'QuotaExceeded', 'InsufficientStorage'])

/** tus errors as the JSON bodies every other route answers; a full disk or bucket as storageFull. */
function toErrorBody(err: Error | { status_code: number; body: string }): { status_code: number; body: string } {
  if (err instanceof VideoError) return err
  const e = err as { code?: string; name?: string; Code?: string; status_code?: number; body?: string; $metadata?: { httpStatusCode?: number } }
  if (STORAGE_FULL_CODES.has(e.code ?? e.Code ?? e.name ?? '') || e.$metadata?.httpStatusCode === 507) {
    return new VideoError(507, 'storageFull', 'the server has no room left for video')
  }
  const status = e.status_code ?? 500
  const code: ErrorCode = status === 404 || status === 410 ? 'notFound' : status === 413 ? 'bodyTooLarge' : status < 500 ? 'invalidRequest' : 'internal'
  return new VideoError(status, code, (e.body ?? '').trim() || 'upload failed')
}

function fail(c: Context, status: 400 | 403 | 404 | 416 | 422, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
  return c.json({ error: { code, message } }, status, headers)
}

export function videoRoutes(deps: VideoDeps): Hono {
  const { storage, assets, now = Date.now } = deps
  // The coach of each request in flight, for the tus hooks, which see only the Request.
  const coachOfRequest = new WeakMap<Request, string>()

  /** Compares the stored bytes with what the tablet recorded; only a match makes the asset usable. */
  async function verify(asset: StoredAsset): Promise<StoredAsset> {
    const found = await measure(await storage.read(asset.uploadId))
    const status = found.size === asset.size && found.crc32 === asset.crc32 ? 'verified' : 'failed'
    await assets.setStatus(asset.id, status)
    // A mismatch is never going to be right: its bytes only take room. The tablet starts over.
    if (status === 'failed') await storage.remove(asset.uploadId)
    return { ...asset, status }
  }

  const tus = new Server({
    path: UPLOAD_PATH,
    datastore: storage.datastore,
    locker: deps.locker,
    relativeLocation: true,
    // One origin with the app: no cross-origin uploads.
    allowedOrigins: [],
    async onUploadCreate(req: Request, upload: Upload) {
      const coachId = coachOfRequest.get(req)
      if (!coachId) throw new VideoError(500, 'internal', 'upload without a coach')
      const parsed = v.safeParse(UploadMetadataSchema, upload.metadata ?? {})
      if (!parsed.success) throw new VideoError(400, 'invalidRequest', 'Upload-Metadata does not match the schema')
      const meta = parsed.output
      if (upload.size !== Number(meta.size)) throw new VideoError(400, 'invalidRequest', 'Upload-Length differs from the size in the metadata')
      if (!(await deps.mayAccess(coachId, meta.scope))) throw new VideoError(403, 'forbidden', 'this coachee belongs to another coach')
      const earlier = await assets.byId(meta.assetId)
      if (earlier && (earlier.coachId !== coachId || earlier.status === 'verified')) {
        throw new VideoError(earlier.coachId === coachId ? 400 : 403, earlier.coachId === coachId ? 'invalidRequest' : 'forbidden', 'this asset is already on the server')
      }
      if (earlier) await storage.remove(earlier.uploadId).catch(() => undefined)
      await assets.start(upload.id, coachId, meta, now())
      return {}
    },
    async onUploadFinish(_req: Request, upload: Upload) {
      const asset = await assets.byUploadId(upload.id)
      if (!asset) throw new VideoError(404, 'notFound', 'no asset for this upload')
      const checked = await verify(asset)
      if (checked.status !== 'verified') throw new VideoError(422, 'uploadMismatch', 'the stored file differs from the tablet’s size or CRC-32')
      return {}
    },
    onResponseError: (_req: Request, err: Error | { status_code: number; body: string }) => toErrorBody(err),
  })

  const app = new Hono()

  const handOver = (c: Context) => {
    coachOfRequest.set(c.req.raw, deps.coachOf(c))
    return tus.handleWeb(c.req.raw)
  }
  app.post(UPLOAD_PATH, handOver)
  // HEAD, PATCH and DELETE of an upload: only by the coach who started it. Hono answers HEAD with the
  // GET route (the raw request stays HEAD); a real GET is not tus' to serve: downloads go through the
  // assets routes, which check the grants.
  const ownUpload = async (c: Context) => {
    const asset = await assets.byUploadId(c.req.param('uploadId') ?? '')
    if (c.req.raw.method === 'GET' || !asset || asset.coachId !== deps.coachOf(c)) return fail(c, 404, 'notFound', 'no such upload')
    return handOver(c)
  }
  app.get(`${UPLOAD_PATH}/:uploadId`, ownUpload)
  app.on(['PATCH', 'DELETE'], `${UPLOAD_PATH}/:uploadId`, ownUpload)

  /** The asset if this coach may see it; a finished upload not yet verified (the server stopped between its last byte and the check) is verified now. */
  async function visibleAsset(c: Context): Promise<StoredAsset | undefined> {
    const asset = await assets.byId(c.req.param('assetId') ?? '')
    if (!asset || !(await deps.mayAccess(deps.coachOf(c), asset.scope))) return undefined
    if (asset.status !== 'uploading') return asset
    const upload = await storage.datastore.getUpload(asset.uploadId).catch(() => undefined)
    return upload && upload.offset === upload.size ? verify(asset) : asset
  }

  app.get('/api/video/assets', async (c) => {
    const coachId = deps.coachOf(c)
    const recordingId = c.req.query('recordingId')
    if (!recordingId) return fail(c, 400, 'invalidRequest', 'recordingId is required')
    const granted = new Map<string, boolean>()
    const list: StoredAsset[] = []
    for (const asset of await assets.listForRecording(recordingId)) {
      if (!granted.has(asset.scope)) granted.set(asset.scope, await deps.mayAccess(coachId, asset.scope))
      if (granted.get(asset.scope)) list.push(asset)
    }
    return c.json({ assets: list.map(publicAsset) } satisfies AssetsResponse)
  })

  app.get('/api/video/assets/:assetId', async (c) => {
    const asset = await visibleAsset(c)
    return asset ? c.json(publicAsset(asset)) : fail(c, 404, 'notFound', 'no such asset')
  })

  /** The asset's bytes, whole or the one range asked (206; 416 outside the file). */
  async function content(c: Context, asset: StoredAsset): Promise<Response> {
    const range = parseRange(c.req.header('range'), asset.size)
    if (range === 'unsatisfiable') return fail(c, 416, 'invalidRequest', 'range outside the file', { 'Content-Range': `bytes */${asset.size}` })
    const headers: Record<string, string> = {
      'Accept-Ranges': 'bytes',
      'Content-Type': 'video/mp4',
      'Content-Length': String(range ? range.end - range.start + 1 : asset.size),
      // A verified asset never changes: its id names its bytes.
      'Cache-Control': 'private, max-age=31536000, immutable',
    }
    if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${asset.size}`
    const body = Readable.toWeb(await storage.read(asset.uploadId, range)) as ReadableStream<Uint8Array>
    return new Response(body, { status: range ? 206 : 200, headers })
  }

  app.get('/api/video/assets/:assetId/content', async (c) => {
    const asset = await visibleAsset(c)
    return asset?.status === 'verified' ? content(c, asset) : fail(c, 404, 'notFound', 'no verified asset')
  })

  app.post('/api/video/assets/:assetId/link', async (c) => {
    const asset = await visibleAsset(c)
    if (asset?.status !== 'verified') return fail(c, 404, 'notFound', 'no verified asset')
    const token = randomBytes(24).toString('base64url')
    const expiresAt = now() + VIDEO_LINK_TTL_MS
    await assets.addLink(token, asset.id, deps.coachOf(c), expiresAt, now())
    return c.json({ url: `${VIDEO_LINK_PATH}/${token}`, expiresAt } satisfies VideoLinkResponse)
  })

  // No sign-in here (a <video> element sends none): the link is the key, and the coach who made it must still hold the grant.
  app.get(`${VIDEO_LINK_PATH}/:token`, async (c) => {
    const link = await assets.link(c.req.param('token'), now())
    const asset = link && (await assets.byId(link.assetId))
    if (!link || asset?.status !== 'verified' || !(await deps.mayAccess(link.coachId, asset.scope))) return fail(c, 404, 'notFound', 'no such link')
    return content(c, asset)
  })

  return app
}
