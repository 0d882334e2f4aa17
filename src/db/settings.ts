import * as v from 'valibot'
import { DEFAULT_LOCALE, LOCALES } from '../domain/locale'
import type { Locale } from '../domain/model'
import { RETENTION_DEFAULTS, validateRetentionSettings, type RetentionSettings } from '../domain/retention'
import type { RondblikDb } from './database'

/** Device settings, one `meta` row each, so writing one never races with writing another. */
export interface Settings {
  locale: Locale
  cameraAddress: string
  /** Persistent storage was asked for once; the browser's answer is read from navigator.storage. */
  persistRequested: boolean
  /** How long video and archived coachees stay on this tablet (Bewaartermijnen). */
  retention: RetentionSettings
  /** "Langer bewaren": a recording or coachee id → kept on this tablet until then (ms). */
  retentionKept: Record<string, number>
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  locale: DEFAULT_LOCALE,
  // The address of a THETA in access-point mode.
  cameraAddress: 'http://192.168.1.1',
  persistRequested: false,
  retention: RETENTION_DEFAULTS,
  retentionKept: {},
}

const SETTING_SCHEMAS: { [K in keyof Settings]: v.GenericSchema<Settings[K]> } = {
  locale: v.picklist(LOCALES),
  cameraAddress: v.string(),
  persistRequested: v.boolean(),
  retention: v.pipe(
    v.object({ recordingDays: v.number(), fragmentDays: v.number(), archivedMonths: v.number(), warnDays: v.number() }),
    v.check((settings) => validateRetentionSettings(settings) === null),
  ),
  retentionKept: v.record(v.string(), v.number()),
}

export type StoredSettings = Settings & {
  /** The coach chose the camera address (else the default stands, or what the server suggests). */
  cameraAddressChosen: boolean
}

/** One setting, or its default when unset or unreadable (a bad value must never block the app). */
export async function readSetting<K extends keyof Settings>(db: RondblikDb, key: K): Promise<Settings[K]> {
  const row = await db.meta.get(key)
  const schema: v.GenericSchema<Settings[K]> = SETTING_SCHEMAS[key]
  const parsed = v.safeParse(schema, row?.value)
  return parsed.success ? parsed.output : DEFAULT_SETTINGS[key]
}

export async function readSettings(db: RondblikDb): Promise<StoredSettings> {
  return db.transaction('r', db.meta, async () => ({
    locale: await readSetting(db, 'locale'),
    cameraAddress: await readSetting(db, 'cameraAddress'),
    persistRequested: await readSetting(db, 'persistRequested'),
    retention: await readSetting(db, 'retention'),
    retentionKept: await readSetting(db, 'retentionKept'),
    cameraAddressChosen: v.is(SETTING_SCHEMAS.cameraAddress, (await db.meta.get('cameraAddress'))?.value),
  }))
}

export async function writeSetting<K extends keyof Settings>(db: RondblikDb, key: K, value: Settings[K]): Promise<void> {
  // An explicit transaction resolves after the commit, not just after the request.
  await db.transaction('rw', db.meta, () => db.meta.put({ key, value }))
}
