/**
 * The server's database through one query builder: SQLite (better-sqlite3, WAL) in the data folder
 * by default, PostgreSQL when RONDBLIK_DATABASE_URL is set. Everything sync depends on lives here —
 * never only in one process — so several instances can share a PostgreSQL database.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { VideoTables } from '../video/assets'

export interface SettingsTable {
  key: string
  value: string
}
export interface CoachesTable {
  id: string
  username: string
  display_name: string
  password_hash: string
  created_at: number
  disabled_at: number | null
}
export interface DevicesTable {
  id: string
  coach_id: string
  name: string
  /** The device's public JWK as JSON. */
  public_key: string
  created_at: number
  last_seen_at: number | null
  revoked_at: number | null
  /** The highest push seq of this device that is committed. */
  acked_seq: number
}
export interface RefreshTokensTable {
  /** SHA-256 of the token: a copy of the database hands out no usable token. */
  hash: string
  device_id: string
  created_at: number
  rotated_at: number | null
  /** The hash of the token that replaced this one. */
  successor: string | null
}
export interface LoginAttemptsTable {
  username: string
  window_start: number
  failures: number
}
/** Who may see and change a scope (a coachee id): the coach who first synced it. */
export interface GrantsTable {
  scope: string
  coach_id: string
  created_at: number
}
export interface RecordsTable {
  table_name: string
  id: string
  scope: string
  /** The revision of the commit that last changed this row. */
  rev: number
  /** Fields as JSON: name → { value, hlc }. */
  fields: string
}
export interface CountersTable {
  name: string
  value: number
}
/** What a push answered per change beyond "taken", so a resent batch is answered the same. */
export interface PushNotesTable {
  device_id: string
  seq: number
  code: 'invalid' | 'forbidden' | 'clamped'
}

export interface CoreTables {
  settings: SettingsTable
  coaches: CoachesTable
  devices: DevicesTable
  refresh_tokens: RefreshTokensTable
  login_attempts: LoginAttemptsTable
  grants: GrantsTable
  records: RecordsTable
  counters: CountersTable
  push_notes: PushNotesTable
}
export type Database = CoreTables & VideoTables
export type Db = Kysely<Database>

export type Dialect = 'sqlite' | 'postgres'
export interface OpenedDatabase {
  db: Db
  dialect: Dialect
  /** Where the SQLite file is (for `backup`); undefined on PostgreSQL. */
  sqlitePath?: string
}

export const SQLITE_FILE = 'rondblik.sqlite'

export function openDatabase(options: { dataDir: string; databaseUrl?: string }): OpenedDatabase {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      // int8 columns (revisions, ms timestamps) as numbers: they stay far below 2^53.
      types: { getTypeParser: ((oid: number, format?: 'text') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
    })
    // An idle connection dropped by the database (a restart, a failover) is replaced on the next
    // query; unheard, the pool's 'error' event would end the whole process.
    pool.on('error', (error) => console.warn('PostgreSQL connection lost:', error.message))
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' }
  }
  mkdirSync(options.dataDir, { recursive: true })
  const sqlitePath = join(options.dataDir, SQLITE_FILE)
  const database = new SQLite(sqlitePath)
  database.pragma('journal_mode = WAL')
  // FULL: an ack means committed, also when the power goes right after it.
  database.pragma('synchronous = FULL')
  // The CLI writes to the same file while the server runs.
  database.pragma('busy_timeout = 5000')
  database.pragma('foreign_keys = ON')
  return { db: new Kysely<Database>({ dialect: new SqliteWithAutoRollback(database) }), dialect: 'sqlite', sqlitePath }
}

/**
 * On SQLITE_FULL (a full disk) SQLite rolls the transaction back itself; Kysely's ROLLBACK after it
 * then fails with "no transaction is active" and that error replaced the real one, so the coach
 * saw `internal` instead of `storageFull`. Roll back only what is still open.
 */
class SqliteWithAutoRollback extends SqliteDialect {
  constructor(private readonly database: SQLite.Database) {
    super({ database })
  }
  override createDriver() {
    const driver = super.createDriver()
    const rollback = driver.rollbackTransaction.bind(driver)
    driver.rollbackTransaction = async (connection) => {
      if (this.database.inTransaction) await rollback(connection)
    }
    return driver
  }
}
