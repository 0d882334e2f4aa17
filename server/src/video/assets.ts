/**
 * The server's record of each video asset: who uploaded it for which recording, what the tablet says
 * it is (size, CRC-32) and whether the stored bytes were found to match. Kept in the database, not in
 * the process, so any server instance can continue or serve an upload.
 */
import { sql, type Kysely, type Migration } from 'kysely'
import type { Asset, AssetStatus, UploadMetadata } from '../../../src/sync/protocol'
import type { VideoLockTables } from './locker'

export interface VideoAssetsTable {
  id: string
  upload_id: string
  coach_id: string
  recording_id: string
  scope: string
  kind: 'whole' | 'fragment'
  start_sec: number
  end_sec: number
  // bigint: a lesson file passes 2^31 bytes and a CRC-32 2^31 (pg hands bigints back as strings).
  size: number | string
  crc32: number | string
  status: AssetStatus
  created_at: number | string
}
export interface VideoLinksTable {
  token: string
  asset_id: string
  coach_id: string
  expires_at: number | string
}
/** Every table of the video routes (the lock table is locker.ts'). */
export interface VideoTables extends VideoLockTables {
  video_assets: VideoAssetsTable
  video_links: VideoLinksTable
}

export const videoAssetsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('video_assets')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('upload_id', 'text', (c) => c.notNull().unique())
      .addColumn('coach_id', 'text', (c) => c.notNull())
      .addColumn('recording_id', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('crc32', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('video_assets_recording').ifNotExists().on('video_assets').column('recording_id').execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('video_assets').ifExists().execute()
  },
}

/** Playback links (VIDEO_LINK_PATH): in the database, so any instance serves a link another one made. */
export const videoLinksMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('video_links')
      .ifNotExists()
      .addColumn('token', 'text', (c) => c.primaryKey())
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('coach_id', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('video_links').ifExists().execute()
  },
}

/** Where in the recording each file lies, so another device places a fragment on the clip's time line. */
export const videoAssetWindowMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('video_assets').addColumn('start_sec', 'double precision', (c) => c.notNull().defaultTo(0)).execute()
    await db.schema.alterTable('video_assets').addColumn('end_sec', 'double precision', (c) => c.notNull().defaultTo(0)).execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('video_assets').dropColumn('end_sec').execute()
    await db.schema.alterTable('video_assets').dropColumn('start_sec').execute()
  },
}

export interface StoredAsset extends Asset {
  uploadId: string
  coachId: string
}

function toAsset(row: VideoAssetsTable): StoredAsset {
  return {
    id: row.id,
    uploadId: row.upload_id,
    coachId: row.coach_id,
    recordingId: row.recording_id,
    scope: row.scope,
    kind: row.kind,
    startSec: Number(row.start_sec),
    endSec: Number(row.end_sec),
    size: Number(row.size),
    crc32: Number(row.crc32),
    status: row.status,
    createdAt: Number(row.created_at),
  }
}

/** Strips what only the server needs before an asset goes over the wire. */
export function publicAsset({ uploadId: _u, coachId: _c, ...asset }: StoredAsset): Asset {
  return asset
}

export function assetRepository(db: Kysely<VideoTables>) {
  const byColumn = async (column: 'id' | 'upload_id', value: string) => {
    const row = await db.selectFrom('video_assets').selectAll().where(column, '=', value).executeTakeFirst()
    return row ? toAsset(row) : undefined
  }
  return {
    byId: (id: string) => byColumn('id', id),
    byUploadId: (uploadId: string) => byColumn('upload_id', uploadId),

    /** A new upload of an asset; an earlier attempt that never verified is replaced by it. */
    async start(uploadId: string, coachId: string, meta: UploadMetadata, now: number): Promise<void> {
      const row: VideoAssetsTable = {
        id: meta.assetId,
        upload_id: uploadId,
        coach_id: coachId,
        recording_id: meta.recordingId,
        scope: meta.scope,
        kind: meta.kind,
        start_sec: Number(meta.startSec),
        end_sec: Number(meta.endSec),
        size: Number(meta.size),
        crc32: Number(meta.crc32),
        status: 'uploading',
        created_at: now,
      }
      await db
        .insertInto('video_assets')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, id: undefined }).where('video_assets.status', '!=', sql.lit('verified')))
        .execute()
    },

    async setStatus(id: string, status: AssetStatus): Promise<void> {
      await db.updateTable('video_assets').set({ status }).where('id', '=', id).execute()
    },

    /** Every asset of a recording, whoever uploaded it: the routes filter by the asking coach's grants. */
    async listForRecording(recordingId: string): Promise<StoredAsset[]> {
      const rows = await db.selectFrom('video_assets').selectAll().where('recording_id', '=', recordingId).orderBy('created_at').execute()
      return rows.map(toAsset)
    },

    /** A playback link for `coachId`; expired links are dropped on the way. */
    async addLink(token: string, assetId: string, coachId: string, expiresAt: number, now: number): Promise<void> {
      await db.deleteFrom('video_links').where('expires_at', '<', now).execute()
      await db.insertInto('video_links').values({ token, asset_id: assetId, coach_id: coachId, expires_at: expiresAt }).execute()
    },

    async link(token: string, now: number): Promise<{ assetId: string; coachId: string } | undefined> {
      const row = await db.selectFrom('video_links').selectAll().where('token', '=', token).where('expires_at', '>=', now).executeTakeFirst()
      return row && { assetId: row.asset_id, coachId: row.coach_id }
    },
  }
}
export type AssetRepository = ReturnType<typeof assetRepository>
