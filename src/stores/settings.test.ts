// @vitest-environment jsdom
import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { i18n } from '../i18n'
import { repositories } from '../db/app'
import { newCoachee } from '../db/testing'
import { useSettingsStore } from './settings'

/** The settings as a freshly opened app reads them. */
async function reopened() {
  setActivePinia(createPinia())
  const settings = useSettingsStore()
  await settings.load()
  return settings
}

describe('the settings store', () => {
  it('a fresh tablet starts in Dutch, with nothing asked of the coach', async () => {
    const settings = await reopened()
    expect(settings.loaded).toBe(true)
    expect(settings.locale).toBe('nl')
    expect(i18n.global.locale.value).toBe('nl')
    expect(document.documentElement.lang).toBe('nl')
  })

  it('the language and the camera address are kept for the next start, and the language applies at once', async () => {
    const settings = await reopened()
    await settings.changeLocale('en')
    expect(i18n.global.locale.value).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    await settings.changeCameraAddress('http://192.168.1.1')
    const again = await reopened()
    expect(again.locale).toBe('en')
    expect(again.cameraAddress).toBe('http://192.168.1.1')
    await again.changeLocale('nl')
    expect(i18n.global.locale.value).toBe('nl')
  })

  it('a file that is no backup is refused with a code and changes nothing', async () => {
    const settings = await reopened()
    const kept = await repositories().coachees.create(newCoachee({ name: 'Blijft staan' }))
    const result = await settings.importFile(new File(['{"format":"iets anders"}'], 'x.json', { type: 'application/json' }))
    expect(result).toMatchObject({ ok: false, error: { code: 'foreignFile' } })
    expect(await repositories().coachees.get(kept.id)).toMatchObject({ name: 'Blijft staan' })
  })
})
