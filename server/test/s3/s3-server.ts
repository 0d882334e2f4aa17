/**
 * A small S3-compatible server for the tests: real HTTP on loopback, path-style requests, objects and
 * multipart parts as files on disk (streamed, so a 1 GB upload stays small in memory). It covers what
 * @tus/s3-store calls — PutObject, GetObject (Range), HeadObject, DeleteObject, DeleteObjects,
 * CreateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload, AbortMultipartUpload — and
 * answers as S3 does where the store depends on it: NoSuchUpload once a multipart upload is completed,
 * EntityTooSmall for a short part that is not the last, 507 like MinIO when `quotaBytes` is used up.
 * Signatures are not checked; the access key must be the one given.
 */
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'

const MIN_PART_BYTES = 5 * 1024 * 1024

interface ObjectInfo {
  etag: string
  size: number
  contentType: string
  meta: Record<string, string>
  modified: string
}
interface UploadInfo {
  bucket: string
  key: string
  contentType: string
  meta: Record<string, string>
}

export interface S3TestServer {
  url: string
  accessKeyId: string
  secretAccessKey: string
  /** Calls per operation, so a test can see what the store really used. */
  calls: Map<string, number>
  /** Bytes stored now (objects and parts). */
  usedBytes(): Promise<number>
  close(): Promise<void>
}

class S3Failure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code)
  }
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const tagValues = (body: string, tag: string) => [...body.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1] ?? '')

export async function startS3Server(options: { dir: string; quotaBytes?: number; accessKeyId?: string }): Promise<S3TestServer> {
  const accessKeyId = options.accessKeyId ?? 'rondblik-test'
  const objects = join(options.dir, 'objects')
  const uploads = join(options.dir, 'uploads')
  await mkdir(objects, { recursive: true })
  await mkdir(uploads, { recursive: true })
  const calls = new Map<string, number>()

  const objectPath = (bucket: string, key: string) => join(objects, createHash('sha256').update(`${bucket}/${key}`).digest('hex'))
  const uploadDir = (id: string) => {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new S3Failure(404, 'NoSuchUpload')
    return join(uploads, id)
  }

  async function usedBytes(): Promise<number> {
    let total = 0
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) await walk(path)
        else if (!entry.name.endsWith('.json')) total += (await stat(path)).size
      }
    }
    await walk(options.dir)
    return total
  }

  async function readInfo<T>(path: string, missing: string): Promise<T> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as T
    } catch {
      throw new S3Failure(404, missing)
    }
  }

  /** Streams the request body to `path`; resolves with its size and MD5 (S3's ETag of a plain object). */
  async function receive(req: IncomingMessage, path: string): Promise<{ size: number; md5: string }> {
    // The SDK's default since 2025 is an aws-chunked body with a trailing checksum; S3-compatible
    // servers that do not decode it store the framing as data. Refuse it so a client set-up that sends it shows.
    if (/aws-chunked/.test(req.headers['content-encoding'] ?? '') || /STREAMING/.test(String(req.headers['x-amz-content-sha256'] ?? ''))) {
      throw new S3Failure(400, 'NotImplemented')
    }
    const declared = Number(req.headers['content-length'] ?? 0)
    if (options.quotaBytes !== undefined && (await usedBytes()) + declared > options.quotaBytes) throw new S3Failure(507, 'XMinioStorageFull')
    const hash = createHash('md5')
    let size = 0
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length
        hash.update(chunk)
        done(null, chunk)
      },
    })
    await pipeline(req, count, createWriteStream(path))
    return { size, md5: hash.digest('hex') }
  }

  async function body(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = []
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
    return Buffer.concat(chunks).toString('utf8')
  }

  function metaOf(req: IncomingMessage): Record<string, string> {
    return Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-amz-meta-')).map(([k, v]) => [k.slice(11), String(v)]))
  }

  function objectHeaders(info: ObjectInfo): Record<string, string> {
    const headers: Record<string, string> = {
      ETag: `"${info.etag}"`,
      'Content-Type': info.contentType,
      'Last-Modified': new Date(info.modified).toUTCString(),
      'Accept-Ranges': 'bytes',
    }
    for (const [k, v] of Object.entries(info.meta)) headers[`x-amz-meta-${k}`] = v
    return headers
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://s3')
    const [, bucket = '', ...rest] = url.pathname.split('/')
    const key = decodeURIComponent(rest.join('/'))
    const q = url.searchParams
    const method = req.method ?? 'GET'
    if (!String(req.headers.authorization ?? '').includes(`Credential=${accessKeyId}/`)) throw new S3Failure(403, 'InvalidAccessKeyId')
    if (!bucket) throw new S3Failure(400, 'InvalidBucketName')
    const count = (op: string) => calls.set(op, (calls.get(op) ?? 0) + 1)

    if (!key) {
      if (method === 'POST' && q.has('delete')) {
        count('DeleteObjects')
        const keys = tagValues(await body(req), 'Key')
        for (const k of keys) await rm(objectPath(bucket, k), { force: true }).then(() => rm(`${objectPath(bucket, k)}.json`, { force: true }))
        res.writeHead(200, { 'Content-Type': 'application/xml' })
        res.end(xml(`<DeleteResult>${keys.map((k) => `<Deleted><Key>${esc(k)}</Key></Deleted>`).join('')}</DeleteResult>`))
        return
      }
      throw new S3Failure(501, 'NotImplemented')
    }

    const path = objectPath(bucket, key)
    if (method === 'POST' && q.has('uploads')) {
      count('CreateMultipartUpload')
      const id = randomUUID()
      await mkdir(uploadDir(id))
      const info: UploadInfo = { bucket, key, contentType: req.headers['content-type'] ?? 'application/octet-stream', meta: metaOf(req) }
      await writeFile(join(uploadDir(id), 'upload.json'), JSON.stringify(info))
      res.writeHead(200, { 'Content-Type': 'application/xml' })
      res.end(xml(`<InitiateMultipartUploadResult><Bucket>${esc(bucket)}</Bucket><Key>${esc(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`))
      return
    }

    const uploadId = q.get('uploadId')
    if (uploadId !== null) {
      const dir = uploadDir(uploadId)
      const info = await readInfo<UploadInfo>(join(dir, 'upload.json'), 'NoSuchUpload')
      if (info.bucket !== bucket || info.key !== key) throw new S3Failure(404, 'NoSuchUpload')
      const parts = async () => {
        const names = (await readdir(dir)).filter((n) => /^\d+\.json$/.test(n))
        const list = await Promise.all(names.map(async (n) => ({ number: Number.parseInt(n, 10), ...(await readInfo<{ etag: string; size: number }>(join(dir, n), 'NoSuchUpload')) })))
        return list.sort((a, b) => a.number - b.number)
      }

      if (method === 'PUT') {
        count('UploadPart')
        const number = Number(q.get('partNumber'))
        if (!Number.isInteger(number) || number < 1 || number > 10_000) throw new S3Failure(400, 'InvalidArgument')
        const { size, md5 } = await receive(req, join(dir, String(number)))
        await writeFile(join(dir, `${number}.json`), JSON.stringify({ etag: md5, size }))
        res.writeHead(200, { ETag: `"${md5}"` })
        res.end()
        return
      }
      if (method === 'GET') {
        count('ListParts')
        const marker = Number(q.get('part-number-marker') ?? 0)
        const max = Math.min(Number(q.get('max-parts') ?? 1000), 1000)
        const after = (await parts()).filter((p) => p.number > marker)
        const page = after.slice(0, max)
        const truncated = after.length > page.length
        const items = page.map((p) => `<Part><PartNumber>${p.number}</PartNumber><ETag>"${p.etag}"</ETag><Size>${p.size}</Size></Part>`).join('')
        res.writeHead(200, { 'Content-Type': 'application/xml' })
        res.end(
          xml(
            `<ListPartsResult><Bucket>${esc(bucket)}</Bucket><Key>${esc(key)}</Key><UploadId>${uploadId}</UploadId>` +
              `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${page.at(-1)?.number ?? marker}</NextPartNumberMarker>` +
              `<MaxParts>${max}</MaxParts><IsTruncated>${truncated}</IsTruncated>${items}</ListPartsResult>`,
          ),
        )
        return
      }
      if (method === 'POST') {
        count('CompleteMultipartUpload')
        const wanted = (await body(req)).match(/<Part>[\s\S]*?<\/Part>/g) ?? []
        const stored = new Map((await parts()).map((p) => [p.number, p]))
        const chosen = wanted.map((part) => {
          const found = stored.get(Number(tagValues(part, 'PartNumber')[0]))
          if (!found || (tagValues(part, 'ETag')[0] ?? '').replace(/&quot;|"/g, '') !== found.etag) throw new S3Failure(400, 'InvalidPart')
          return found
        })
        if (chosen.length === 0) throw new S3Failure(400, 'MalformedXML')
        if (chosen.some((p, i) => i > 0 && p.number <= chosen[i - 1]!.number)) throw new S3Failure(400, 'InvalidPartOrder')
        if (chosen.some((p, i) => i < chosen.length - 1 && p.size < MIN_PART_BYTES)) throw new S3Failure(400, 'EntityTooSmall')
        const out = createWriteStream(path)
        for (const p of chosen) await pipeline(createReadStream(join(dir, String(p.number))), out, { end: false })
        await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
        const etag = `${createHash('md5').update(chosen.map((p) => p.etag).join('')).digest('hex')}-${chosen.length}`
        const object: ObjectInfo = { etag, size: chosen.reduce((a, p) => a + p.size, 0), contentType: info.contentType, meta: info.meta, modified: new Date().toISOString() }
        await writeFile(`${path}.json`, JSON.stringify(object))
        await rm(dir, { recursive: true })
        res.writeHead(200, { 'Content-Type': 'application/xml' })
        res.end(xml(`<CompleteMultipartUploadResult><Location>/${esc(bucket)}/${esc(key)}</Location><Bucket>${esc(bucket)}</Bucket><Key>${esc(key)}</Key><ETag>"${etag}"</ETag></CompleteMultipartUploadResult>`))
        return
      }
      if (method === 'DELETE') {
        count('AbortMultipartUpload')
        await rm(dir, { recursive: true })
        res.writeHead(204).end()
        return
      }
      throw new S3Failure(405, 'MethodNotAllowed')
    }

    if (method === 'PUT') {
      count('PutObject')
      const tmp = `${path}.${randomUUID()}.tmp`
      const { size, md5 } = await receive(req, tmp).catch(async (e: unknown) => {
        await rm(tmp, { force: true })
        throw e
      })
      await rename(tmp, path)
      const info: ObjectInfo = { etag: md5, size, contentType: req.headers['content-type'] ?? 'application/octet-stream', meta: metaOf(req), modified: new Date().toISOString() }
      await writeFile(`${path}.json`, JSON.stringify(info))
      res.writeHead(200, { ETag: `"${md5}"` }).end()
      return
    }
    if (method === 'DELETE') {
      count('DeleteObject')
      await rm(path, { force: true })
      await rm(`${path}.json`, { force: true })
      res.writeHead(204).end()
      return
    }
    if (method === 'GET' || method === 'HEAD') {
      count(method === 'GET' ? 'GetObject' : 'HeadObject')
      const info = await readInfo<ObjectInfo>(`${path}.json`, 'NoSuchKey')
      const headers = objectHeaders(info)
      const m = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''))
      if (m && (m[1] || m[2])) {
        const start = m[1] ? Number(m[1]) : Math.max(0, info.size - Number(m[2]))
        const end = m[1] && m[2] ? Math.min(Number(m[2]), info.size - 1) : info.size - 1
        if (start >= info.size || end < start) throw new S3Failure(416, 'InvalidRange')
        res.writeHead(206, { ...headers, 'Content-Length': String(end - start + 1), 'Content-Range': `bytes ${start}-${end}/${info.size}` })
        if (method === 'HEAD') return void res.end()
        await pipeline(createReadStream(path, { start, end }), res)
        return
      }
      res.writeHead(200, { ...headers, 'Content-Length': String(info.size) })
      if (method === 'HEAD') return void res.end()
      await pipeline(createReadStream(path), res)
      return
    }
    throw new S3Failure(405, 'MethodNotAllowed')
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const failure = e instanceof S3Failure ? e : new S3Failure(500, 'InternalError')
      // A client that went away mid-body (a cut link) is no fault of the server's.
      if (!(e instanceof S3Failure) && !req.destroyed) console.error('s3 test server:', e)
      if (res.headersSent) return void res.destroy()
      const answer = () => {
        // A HEAD answer has no body: the SDK then knows only the status (NotFound).
        res.writeHead(failure.status, { 'Content-Type': 'application/xml' })
        res.end(req.method === 'HEAD' ? undefined : xml(`<Error><Code>${failure.code}</Code><Message>${failure.code}</Message><RequestId>test</RequestId></Error>`))
      }
      // Read the rest of a refused body first, as S3 does: a client still sending sees a reset otherwise, not the answer.
      if (req.complete || req.readableEnded) answer()
      else req.on('end', answer).resume()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    accessKeyId,
    secretAccessKey: 'rondblik-test-secret',
    calls,
    usedBytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
