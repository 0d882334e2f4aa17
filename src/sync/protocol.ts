/**
 * The sync protocol between the app (src/sync/) and the school server (server/): request and answer
 * shapes as types and valibot schemas, shared by both sides. Plain TypeScript — no Vue, Dexie or
 * Node — so the server can import it.
 */
import * as v from 'valibot'
import type { RecordTableName } from '../db/database'
import { isHlc } from '../domain/hlc'

/**
 * The synced tables; device-local tables never sync. A copy of RECORD_TABLES in db/database.ts because
 * that module loads Dexie, which the server must not; protocol.test.ts keeps the two equal.
 */
export const SYNC_TABLES = [
  'coachees',
  'trajectories',
  'cycles',
  'helpQuestions',
  'lessons',
  'lessonGoals',
  'recordings',
  'markers',
  'observations',
  'followUps',
] as const satisfies readonly RecordTableName[]
export type SyncTable = (typeof SYNC_TABLES)[number]

export const PUSH_MAX_CHANGES = 500
export const PUSH_MAX_BYTES = 5 * 1024 * 1024
export const PULL_MAX_LIMIT = 1000
/** A stamp whose wall runs further ahead of the server's clock than this is clamped. */
export const CLOCK_TOLERANCE_MS = 60_000
/** tus chunks: S3's minimum part, so the S3 store never has to hold back a short part. */
export const UPLOAD_CHUNK_BYTES = 5 * 1024 * 1024
export const UPLOAD_PATH = '/api/video/uploads'
/** The server's routes (besides UPLOAD_PATH); `:id` is a device id. */
export const API_PATHS = {
  health: '/api/health',
  login: '/api/auth/login',
  refresh: '/api/auth/refresh',
  /** Signs the asking device out: revokes it (POST, no body). */
  logout: '/api/auth/logout',
  devices: '/api/devices',
  revokeDevice: '/api/devices/:id/revoke',
  push: '/api/sync/push',
  pull: '/api/sync/pull',
} as const

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(200))
const Hlc = v.custom<string>(isHlc, 'hlc')

/** A field value and the stamp of the write that set it; the later stamp wins per field. */
export const FieldChangeSchema = v.object({ value: v.unknown(), hlc: Hlc })
export type FieldChange = v.InferOutput<typeof FieldChangeSchema>
export type Fields = Record<string, FieldChange>

/** Field names: plain identifiers, never `id` (the record's key travels beside the fields). */
const FieldName = v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), v.notValue('id'))
const FieldsSchema = v.pipe(v.record(FieldName, FieldChangeSchema), v.check((fields) => Object.keys(fields).length > 0, 'no fields'))

/**
 * One pending outbox row: one record's changed fields. Deletion is the field `deletedAt`
 * (number | null) with its stamp, so a delete sticks until a newer stamp restores it.
 */
export const ChangeSchema = v.object({
  seq: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  table: v.picklist(SYNC_TABLES),
  id: Id,
  /** The coachee the record belongs to; a coachee's scope is its own id. */
  scope: Id,
  fields: FieldsSchema,
})
export type Change = v.InferOutput<typeof ChangeSchema>

/**
 * The batch is checked loosely (an array of at most PUSH_MAX_CHANGES objects with a seq) so one bad
 * change is answered as rejected and never blocks the rest; each change is then checked by ChangeSchema.
 */
export const PushRequestSchema = v.object({
  changes: v.pipe(
    v.array(v.looseObject({ seq: v.pipe(v.number(), v.safeInteger(), v.minValue(1)) })),
    v.minLength(1),
    v.maxLength(PUSH_MAX_CHANGES),
  ),
})
export type PushRequest = { changes: Change[] }

export type RejectCode = 'invalid' | 'forbidden'
export interface PushResponse {
  /** The highest seq of this device the server has committed: every outbox row ≤ it may go. */
  acked: number
  /** Changes the server will never take; answered once, not retried. */
  rejected: { seq: number; code: RejectCode }[]
  clock: { serverTime: number; clamped: boolean }
}

export interface PulledRow {
  table: SyncTable
  id: string
  scope: string
  /** The server revision of the commit that last changed this row (commit order). */
  rev: number
  fields: Fields
}
export interface PullResponse {
  rows: PulledRow[]
  /** The cursor to save once these rows are applied. */
  next: number
  more: boolean
  /** The cursor was older than the history the server keeps: drop it and apply from rev 0. */
  reset?: true
}
export const PullQuerySchema = v.object({
  since: v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number)),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/), v.transform(Number), v.minValue(1), v.maxValue(PULL_MAX_LIMIT)), '500'),
})

/** The device's public key: ECDSA P-256 as a JWK, verifying its refresh proofs (ES256). */
export const DevicePublicKeySchema = v.looseObject({
  kty: v.literal('EC'),
  crv: v.literal('P-256'),
  x: v.pipe(v.string(), v.maxLength(100)),
  y: v.pipe(v.string(), v.maxLength(100)),
})

export const LoginRequestSchema = v.object({
  username: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(1000)),
  device: v.object({ name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)), publicKey: DevicePublicKeySchema }),
})
export type LoginRequest = v.InferOutput<typeof LoginRequestSchema>

export interface Coach {
  id: string
  username: string
  displayName: string
}
export interface TokenPair {
  accessToken: string
  /** ms since the epoch. */
  accessExpiresAt: number
  refreshToken: string
}
export interface LoginResponse extends TokenPair {
  deviceId: string
  coach: Coach
}

/**
 * `proof` is a compact ES256 JWS signed with the device's private key over the payload
 * `{ refreshToken, iat }` (iat in seconds), so a stolen refresh token alone is useless.
 */
export const RefreshRequestSchema = v.object({
  deviceId: Id,
  refreshToken: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  proof: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)),
})
export type RefreshRequest = v.InferOutput<typeof RefreshRequestSchema>
export type RefreshResponse = TokenPair
/** How far a proof's iat may lie from the server's clock. */
export const PROOF_MAX_AGE_S = 300

export interface DeviceInfo {
  id: string
  name: string
  createdAt: number
  lastSeenAt: number | null
  revokedAt: number | null
  /** The device asking. */
  current: boolean
}
export interface DevicesResponse {
  devices: DeviceInfo[]
}

const Seconds = v.pipe(v.string(), v.regex(/^\d{1,6}(\.\d{1,3})?$/))

/** tus Upload-Metadata of a video upload (each value base64 in the header, as tus prescribes). */
export const UploadMetadataSchema = v.object({
  assetId: Id,
  recordingId: Id,
  scope: Id,
  kind: v.picklist(['whole', 'fragment']),
  /** The stretch of the recording the file holds, in seconds on the clip's own time line (a fragment's time 0 is startSec). */
  startSec: Seconds,
  endSec: Seconds,
  size: v.pipe(v.string(), v.regex(/^\d{1,15}$/)),
  /** CRC-32 (IEEE, src/media/crc32.ts) of the whole file as an unsigned decimal. */
  crc32: v.pipe(v.string(), v.regex(/^\d{1,10}$/)),
})
export type UploadMetadata = v.InferOutput<typeof UploadMetadataSchema>

export type AssetStatus = 'uploading' | 'verified' | 'failed'
export interface Asset {
  id: string
  recordingId: string
  scope: string
  kind: 'whole' | 'fragment'
  startSec: number
  endSec: number
  size: number
  crc32: number
  status: AssetStatus
  createdAt: number
}
export interface AssetsResponse {
  assets: Asset[]
}

/**
 * A `<video>` element cannot send an Authorization header, so another device plays an asset from a
 * short-lived link (POST /api/video/assets/:id/link) that needs none; it takes Range like any file.
 */
export const VIDEO_LINK_PATH = '/api/video-link'
export const VIDEO_LINK_TTL_MS = 2 * 60 * 60 * 1000
export interface VideoLinkResponse {
  /** Path on the server's origin, e.g. /api/video-link/3q2-…; valid until expiresAt (ms since the epoch). */
  url: string
  expiresAt: number
}

export interface HealthResponse {
  ok: true
  version: string
}

/** Every error the server answers; the app chooses its Dutch message by `code`. */
export const ERROR_CODES = [
  'invalidRequest', // 400: the body or query does not match the schema
  'bodyTooLarge', // 413
  'badCredentials', // 401: wrong username or password
  'tooManyAttempts', // 429: login rate limit; Retry-After says when
  'tokenExpired', // 401: refresh the access token
  'tokenInvalid', // 401
  'deviceRevoked', // 401: wipe synced data and video, tell the coach
  'userDisabled', // 401
  'refreshInvalid', // 401: the refresh token or its proof does not hold
  'forbidden', // 403: scope granted to another coach
  'notFound', // 404
  'uploadMismatch', // 422: the uploaded file's size or CRC-32 is not what the tablet recorded
  'storageFull', // 507: the server's disk or bucket is full
  'internal', // 500
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]
export interface ErrorBody {
  error: { code: ErrorCode; message: string }
}
