import * as v from 'valibot'
import { DEFAULT_LOCALE, LOCALES } from '../domain/locale'
import type { Locale } from '../domain/model'
import type { RondblikDb } from './database'

/** Device settings, one `meta` row each, so writing one never races with writing another. */
export interface Settings {
  locale: Locale
  cameraAddress: string
  /** Persistent storage was asked for once; the browser's answer is read from navigator.storage. */
  persistRequested: boolean
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  locale: DEFAULT_LOCALE,
  // The address of a THETA in access-point mode.
  cameraAddress: 'http://192.168.1.1',
  persistRequested: false,
}

const SETTING_SCHEMAS: { [K in keyof Settings]: v.GenericSchema<Settings[K]> } = {
  locale: v.picklist(LOCALES),
  cameraAddress: v.string(),
  persistRequested: v.boolean(),
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
    cameraAddressChosen: v.is(SETTING_SCHEMAS.cameraAddress, (await db.meta.get('cameraAddress'))?.value),
  }))
}

export async function writeSetting<K extends keyof Settings>(db: RondblikDb, key: K, value: Settings[K]): Promise<void> {
  // An explicit transaction resolves after the commit, not just after the request.
  await db.transaction('rw', db.meta, () => db.meta.put({ key, value }))
}
