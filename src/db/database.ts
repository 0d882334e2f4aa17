import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie'
import { v7 as uuidv7 } from 'uuid'
import { formatHlc } from '../domain/hlc'
import { atRestMiddleware } from './encryption'
import type {
  Coachee,
  Cycle,
  FollowUp,
  HelpQuestion,
  Lesson,
  LessonGoal,
  Marker,
  Observation,
  Recording,
  Trajectory,
  VideoFile,
} from '../domain/model'

/** The record type stored in each synced table. */
export interface RecordTables {
  coachees: Coachee
  trajectories: Trajectory
  cycles: Cycle
  helpQuestions: HelpQuestion
  lessons: Lesson
  lessonGoals: LessonGoal
  recordings: Recording
  markers: Marker
  observations: Observation
  followUps: FollowUp
}

export type RecordTableName = keyof RecordTables

export const RECORD_TABLES = [
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

/** A field's value and the HLC stamp of the write that set it (protocol.ts `FieldChange`). */
export interface StampedValue {
  value: unknown
  hlc: string
}

/**
 * One record's changes waiting to be pushed, in the shape of protocol.ts `Change`. Coalesced: a
 * record has at most one row not in flight, and merging into it gives it a new (the newest) seq,
 * since the server drops any seq at or below the one it acked. Deleted once acked.
 */
export interface OutboxRow {
  seq?: number
  table: RecordTableName
  id: string
  /** The record's coachee (protocol scope); null only for a record whose parent is missing. */
  scope: string | null
  fields: Record<string, StampedValue>
  /** 1 while a push carrying this row waits for its answer: a new write then gets a row of its own. */
  inFlight: 0 | 1
}

/**
 * Sync bookkeeping beside each record (device-local): its scope and each field's HLC stamp, so a
 * pulled row merges per field. Kept out of the record itself so the model, the screens and the
 * backup file stay as they are; the scope is found once at create from the parent's row (one key
 * read), never by walking trajectory → cycle → lesson on every write.
 */
export interface StampRow {
  table: RecordTableName
  id: string
  scope: string | null
  hlc: Record<string, string>
}

/** A change the server refused (validation, permission): shown to the coach, never retried. */
export interface RejectionRow {
  seq: number
  table: RecordTableName
  id: string
  code: string
  at: number
}

/** The device's HLC in `meta` under HLC_KEY: its node id and the last stamp it made or saw. */
export interface HlcState {
  node: string
  last: string | undefined
}
export const HLC_KEY = 'hlc'
/** The sync pull cursor in `meta` (src/sync): here, so deleting all data can reset it. */
export const CURSOR_KEY = 'sync.cursor'

/** Device-local key/value pairs (settings, flags); never synced, never in a backup. */
export interface MetaRow {
  key: string
  value: unknown
}

type Stores = Record<string, string | null>

/** Brings one stored record of an older version up to date, in place. */
export type RecordUpgrade = (record: Record<string, unknown>) => void

/**
 * A schema version: the full store list plus, when records must change shape, an upgrade per
 * table. The same upgrades bring records of an older backup up to date before it is imported.
 */
export interface SchemaVersion {
  version: number
  stores: Stores
  upgrade?: Partial<Record<RecordTableName, RecordUpgrade>>
  /** A change across tables (run after the per-record upgrades); never part of a backup import. */
  migrate?: (tx: Transaction) => Promise<void>
}

const V1_STORES: Stores = {
  coachees: 'id, updatedAt',
  trajectories: 'id, updatedAt, coacheeId',
  cycles: 'id, updatedAt, [trajectoryId+number]',
  helpQuestions: 'id, updatedAt, [trajectoryId+order]',
  lessons: 'id, updatedAt, cycleId',
  lessonGoals: 'id, updatedAt, [lessonId+order]',
  recordings: 'id, updatedAt, [lessonId+clipIndex]',
  markers: 'id, updatedAt, lessonId',
  followUps: 'id, updatedAt, cycleId',
  outbox: '++seq, recordId',
  meta: 'key',
}

const V2_STORES: Stores = {
  ...V1_STORES,
  markers: 'id, updatedAt, [lessonId+tappedAt], recordingId',
  // A plain lessonId index too: Dexie can't serve where('lessonId') from a three-part compound.
  observations: 'id, updatedAt, lessonId, [lessonId+rowId+columnId]',
}

const V3_STORES: Stores = { ...V2_STORES, videoFiles: 'id, recordingId' }

const V4_STORES: Stores = {
  ...V3_STORES,
  outbox: '++seq, [table+id]',
  stamps: '[table+id]',
  rejections: 'seq',
  // The video upload queue (src/sync/upload.ts UPLOADS_STORES; sync/tables.test.ts keeps the two equal).
  uploads: 'id, recordingId, state',
}

/** How a record finds its coachee: its own id, a field holding it, or its parent's scope. */
export const SCOPE_SOURCE: { [K in RecordTableName]: 'self' | { field: keyof RecordTables[K] & string; parent?: RecordTableName } } = {
  coachees: 'self',
  trajectories: { field: 'coacheeId' },
  cycles: { field: 'trajectoryId', parent: 'trajectories' },
  helpQuestions: { field: 'trajectoryId', parent: 'trajectories' },
  lessons: { field: 'cycleId', parent: 'cycles' },
  lessonGoals: { field: 'lessonId', parent: 'lessons' },
  recordings: { field: 'lessonId', parent: 'lessons' },
  markers: { field: 'lessonId', parent: 'lessons' },
  observations: { field: 'lessonId', parent: 'lessons' },
  followUps: { field: 'cycleId', parent: 'cycles' },
}

/** Parents before children, so a child's scope can be read from its parent's. */
const SCOPE_ORDER: readonly RecordTableName[] = ['coachees', 'trajectories', 'cycles', 'helpQuestions', 'lessons', 'lessonGoals', 'recordings', 'markers', 'observations', 'followUps']

/**
 * v4: every existing record gets its stamp row (scope from the chain, each field stamped at its
 * updatedAt) and the old full-copy outbox, which nothing ever read, is dropped: everything is
 * enqueued anew when the tablet first signs in to a school server (src/sync).
 */
async function stampExistingRecords(tx: Transaction): Promise<void> {
  const node = uuidv7()
  let last: string | undefined
  const scopes = new Map<string, string | null>()
  const stamps: StampRow[] = []
  for (const table of SCOPE_ORDER) {
    const source = SCOPE_SOURCE[table]
    for (const record of (await tx.table(table).toArray()) as (Record<string, unknown> & { id: string; updatedAt: number })[]) {
      const link = source === 'self' ? record.id : (record[source.field] as string)
      const scope = source === 'self' || !source.parent ? link : (scopes.get(`${source.parent}/${link}`) ?? null)
      scopes.set(`${table}/${record.id}`, scope)
      const hlc = formatHlc({ wall: record.updatedAt, counter: 0, node })
      if (last === undefined || hlc > last) last = hlc
      stamps.push({ table, id: record.id, scope, hlc: Object.fromEntries(Object.keys(record).filter((k) => k !== 'id').map((k) => [k, hlc])) })
    }
  }
  await tx.table('stamps').bulkPut(stamps)
  await tx.table('outbox').clear()
  await tx.table('meta').put({ key: HLC_KEY, value: { node, last } satisfies HlcState })
}

/**
 * Every version the app has shipped, oldest first. Add a change as a new entry (never edit an old
 * one): Dexie replays them in order on a tablet that skipped versions.
 */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  { version: 1, stores: V1_STORES },
  {
    // v2: kijkwijzer observations; markers listed in tap order; markers got a clip window and the
    // chosen-for-nagesprek fields.
    version: 2,
    stores: V2_STORES,
    upgrade: {
      // Literal values, not the domain's current defaults: a migration must stay what it was.
      markers: (marker) => {
        marker.leadSec ??= 10
        marker.lagSec ??= 10
        marker.chosen ??= false
        marker.chosenOrder ??= null
      },
    },
  },
  {
    // v3: video files on the tablet (device-local, like meta: no outbox, not in a backup).
    version: 3,
    stores: V3_STORES,
  },
  {
    // v4: sync — outbox rows in the protocol's Change shape, per-field stamps and scope per record,
    // refused changes, the video upload queue (all device-local but the records themselves).
    version: 4,
    stores: V4_STORES,
    migrate: stampExistingRecords,
  },
]

export const SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version

/** Runs the upgrades of every version after `fromVersion` on one record (one from an older backup). */
export function upgradeRecord(table: RecordTableName, record: Record<string, unknown>, fromVersion: number): void {
  for (const { version, upgrade } of SCHEMA_VERSIONS) if (version > fromVersion) upgrade?.[table]?.(record)
}

/** Declares the given versions on a Dexie instance (the app uses all; the migration test a prefix). */
export function declareVersions(db: Dexie, versions: readonly SchemaVersion[]): void {
  for (const { version, stores, upgrade, migrate } of versions) {
    const declared = db.version(version).stores(stores)
    if (upgrade || migrate) {
      declared.upgrade(async (tx) => {
        for (const [table, upgradeRecord] of Object.entries(upgrade ?? {})) await tx.table(table).toCollection().modify(upgradeRecord)
        await migrate?.(tx)
      })
    }
  }
}

export class RondblikDb extends Dexie {
  coachees!: EntityTable<Coachee, 'id'>
  trajectories!: EntityTable<Trajectory, 'id'>
  cycles!: EntityTable<Cycle, 'id'>
  helpQuestions!: EntityTable<HelpQuestion, 'id'>
  lessons!: EntityTable<Lesson, 'id'>
  lessonGoals!: EntityTable<LessonGoal, 'id'>
  recordings!: EntityTable<Recording, 'id'>
  markers!: EntityTable<Marker, 'id'>
  observations!: EntityTable<Observation, 'id'>
  followUps!: EntityTable<FollowUp, 'id'>
  outbox!: Table<OutboxRow, number>
  meta!: Table<MetaRow, string>
  videoFiles!: Table<VideoFile, string>
  stamps!: Table<StampRow, [RecordTableName, string]>
  rejections!: Table<RejectionRow, number>

  constructor(name = 'rondblik') {
    // Strict durability: a commit reaches the disk before it resolves, so a tapped marker survives
    // a tablet that dies right after the tap.
    super(name, { chromeTransactionDurability: 'strict' })
    declareVersions(this, SCHEMA_VERSIONS)
    // What names or describes people is encrypted at rest once a passcode is set (src/db/encryption.ts).
    this.use(atRestMiddleware(this))
  }
}

export function openDb(name = 'rondblik'): RondblikDb {
  return new RondblikDb(name)
}

let appDb: RondblikDb | undefined

/** The app's database, opened on first use (tests open their own with `openDb(uniqueName)`). */
export function getDb(): RondblikDb {
  appDb ??= openDb()
  return appDb
}
