import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import type { RondblikDb } from './database'
import { RETENTION_DEFAULTS } from '../domain/retention'
import { DEFAULT_SETTINGS, readSetting, readSettings, writeSetting } from './settings'
import { openTestDb } from './testing'

let db: RondblikDb
afterEach(async () => {
  await db.delete()
})

describe('settings', () => {
  it('reads the defaults on a fresh tablet', async () => {
    db = openTestDb()
    expect(await readSettings(db)).toEqual({
      locale: 'nl', cameraAddress: 'http://192.168.1.1', persistRequested: false, cameraAddressChosen: false,
      retention: RETENTION_DEFAULTS, retentionKept: {},
    })
  })

  it('reads back what was written, one setting at a time', async () => {
    db = openTestDb()
    await writeSetting(db, 'locale', 'en')
    await writeSetting(db, 'cameraAddress', 'http://127.0.0.1:8765')
    await writeSetting(db, 'persistRequested', true)
    await writeSetting(db, 'retention', { ...RETENTION_DEFAULTS, recordingDays: 30 })
    await writeSetting(db, 'retentionKept', { r1: 1_800_000_000_000 })
    expect(await readSettings(db)).toEqual({
      locale: 'en', cameraAddress: 'http://127.0.0.1:8765', persistRequested: true, cameraAddressChosen: true,
      retention: { ...RETENTION_DEFAULTS, recordingDays: 30 }, retentionKept: { r1: 1_800_000_000_000 },
    })
    expect(await readSetting(db, 'locale')).toBe('en')
  })

  it('falls back to the default for a value it does not understand', async () => {
    db = openTestDb()
    await db.meta.bulkPut([{ key: 'locale', value: 'fr' }, { key: 'persistRequested', value: 'yes' }, { key: 'retention', value: { ...RETENTION_DEFAULTS, recordingDays: 0 } }])
    expect(await readSetting(db, 'locale')).toBe(DEFAULT_SETTINGS.locale)
    expect(await readSetting(db, 'persistRequested')).toBe(false)
    expect(await readSetting(db, 'retention')).toEqual(RETENTION_DEFAULTS)
  })
})
