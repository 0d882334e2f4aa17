/**
 * The schema, as Kysely migrations run at every start (and by the CLI): one list, applied in name
 * order, on SQLite and PostgreSQL alike.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import { videoAssetsMigration, videoAssetWindowMigration, videoLinksMigration } from '../video/assets'
import { videoLocksMigration } from '../video/locker'
import type { Db } from './database'

const core: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('coaches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('disabled_at', 'bigint')
      .execute()
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('coach_id', 'text', (c) => c.notNull().references('coaches.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .addColumn('acked_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema.createIndex('devices_coach').on('devices').column('coach_id').execute()
    await db.schema
      .createTable('refresh_tokens')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('rotated_at', 'bigint')
      .addColumn('successor', 'text')
      .execute()
    await db.schema.createIndex('refresh_tokens_device').on('refresh_tokens').column('device_id').execute()
    await db.schema
      .createTable('login_attempts')
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('grants')
      .addColumn('scope', 'text', (c) => c.primaryKey())
      .addColumn('coach_id', 'text', (c) => c.notNull().references('coaches.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('grants_coach').on('grants').column('coach_id').execute()
    await db.schema
      .createTable('records')
      .addColumn('table_name', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .addColumn('fields', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('records_pk', ['table_name', 'id'])
      .execute()
    await db.schema.createIndex('records_scope_rev').on('records').columns(['scope', 'rev']).execute()
    await db.schema.createIndex('records_rev').on('records').column('rev').execute()
    await db.schema
      .createTable('counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute()
    await db.insertInto('counters' as never).values({ name: 'rev', value: 0 } as never).execute()
    await db.schema
      .createTable('push_notes')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('push_notes_pk', ['device_id', 'seq'])
      .execute()
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['push_notes', 'counters', 'records', 'grants', 'login_attempts', 'refresh_tokens', 'devices', 'coaches', 'settings']) {
      await db.schema.dropTable(table).ifExists().execute()
    }
  },
}

export const MIGRATIONS: Record<string, Migration> = {
  '0001_core': core,
  '0002_video_assets': videoAssetsMigration,
  '0003_video_links': videoLinksMigration,
  '0004_video_locks': videoLocksMigration,
  '0005_video_asset_window': videoAssetWindowMigration,
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS }

export async function migrate(db: Db): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
}

