import Dexie, { type EntityTable, type Table } from 'dexie'
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

/** One change waiting to be synced; `seq` gives the order in which changes happened. */
export interface OutboxRow {
  seq?: number
  table: RecordTableName
  recordId: string
  op: 'put' | 'delete'
  at: number
  payload?: RecordTables[RecordTableName]
}

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
    stores: { ...V2_STORES, videoFiles: 'id, recordingId' },
  },
]

export const SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version

/** Runs the upgrades of every version after `fromVersion` on one record (one from an older backup). */
export function upgradeRecord(table: RecordTableName, record: Record<string, unknown>, fromVersion: number): void {
  for (const { version, upgrade } of SCHEMA_VERSIONS) if (version > fromVersion) upgrade?.[table]?.(record)
}

/** Declares the given versions on a Dexie instance (the app uses all; the migration test a prefix). */
export function declareVersions(db: Dexie, versions: readonly SchemaVersion[]): void {
  for (const { version, stores, upgrade } of versions) {
    const declared = db.version(version).stores(stores)
    if (upgrade) {
      declared.upgrade(async (tx) => {
        for (const [table, upgradeRecord] of Object.entries(upgrade)) await tx.table(table).toCollection().modify(upgradeRecord)
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

  constructor(name = 'rondblik') {
    // Strict durability: a commit reaches the disk before it resolves, so a tapped marker survives
    // a tablet that dies right after the tap.
    super(name, { chromeTransactionDurability: 'strict' })
    declareVersions(this, SCHEMA_VERSIONS)
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
