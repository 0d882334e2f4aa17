import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import type { RondblikDb } from './database'
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
    })
  })

  it('reads back what was written, one setting at a time', async () => {
    db = openTestDb()
    await writeSetting(db, 'locale', 'en')
    await writeSetting(db, 'cameraAddress', 'http://127.0.0.1:8765')
    await writeSetting(db, 'persistRequested', true)
    expect(await readSettings(db)).toEqual({
      locale: 'en', cameraAddress: 'http://127.0.0.1:8765', persistRequested: true, cameraAddressChosen: true,
    })
    expect(await readSetting(db, 'locale')).toBe('en')
  })

  it('falls back to the default for a value it does not understand', async () => {
    db = openTestDb()
    await db.meta.bulkPut([{ key: 'locale', value: 'fr' }, { key: 'persistRequested', value: 'yes' }])
    expect(await readSetting(db, 'locale')).toBe(DEFAULT_SETTINGS.locale)
    expect(await readSetting(db, 'persistRequested')).toBe(false)
  })
})
