import { defineStore, acceptHMRUpdate } from 'pinia'
import { ref } from 'vue'
import type { Locale } from '../domain/model'
import { isoDate } from '../domain/calendar'
import { getDb } from '../db/database'
import { readSettings, writeSetting } from '../db/settings'
import { exportBackupFile, importBackupFile, deleteAllData, type ImportResult } from '../db/backup'
import { removeAllFiles } from '../media/opfs'
import { setLocale } from '../i18n'
import { saveFile } from '../composables/saveFile'

export interface StorageInfo {
  usage: number
  quota: number
  persisted: boolean
}

/** The camera a fresh install talks to: the server may name one (the demo's emulator). */
async function configuredCamera(): Promise<string | undefined> {
  try {
    const response = await fetch('/app-config.json', { cache: 'no-store' })
    if (!response.ok) return undefined
    const config = (await response.json()) as { defaultCameraAddress?: unknown }
    return typeof config.defaultCameraAddress === 'string' ? config.defaultCameraAddress : undefined
  } catch {
    return undefined // offline: the built-in default stands
  }
}

export const useSettingsStore = defineStore('settings', () => {
  const locale = ref<Locale>('nl')
  const cameraAddress = ref('')
  const storage = ref<StorageInfo | null>(null)
  const loaded = ref(false)

  let loading: Promise<void> | null = null
  /** Reads the settings once; every caller (the app shell, the camera link) waits for the same read. */
  function load(): Promise<void> {
    loading ??= readStored()
    return loading
  }

  async function readStored(): Promise<void> {
    const stored = await readSettings(getDb())
    locale.value = stored.locale
    setLocale(stored.locale)
    cameraAddress.value = stored.cameraAddress
    if (!stored.cameraAddressChosen) {
      const configured = await configuredCamera()
      if (configured) cameraAddress.value = configured
    }
    loaded.value = true
  }

  async function changeLocale(next: Locale): Promise<void> {
    locale.value = next
    setLocale(next)
    await writeSetting(getDb(), 'locale', next)
  }

  async function changeCameraAddress(address: string): Promise<void> {
    cameraAddress.value = address
    await writeSetting(getDb(), 'cameraAddress', address)
  }

  async function refreshStorage(): Promise<void> {
    if (!navigator.storage?.estimate) { storage.value = null; return }
    const [estimate, persisted] = await Promise.all([navigator.storage.estimate(), navigator.storage.persisted?.() ?? false])
    storage.value = { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted }
  }

  /** Asked once, when there first is something worth keeping; the browser may say no. */
  async function requestPersistence(): Promise<void> {
    const db = getDb()
    const settings = await readSettings(db)
    if (settings.persistRequested || !navigator.storage?.persist) return
    await writeSetting(db, 'persistRequested', true)
    await navigator.storage.persist()
  }

  /** Encrypted with the backup password; plain JSON only when the coach chose so after a warning (null). */
  async function exportAll(password: string | null): Promise<string> {
    const file = `rondblik-export-${isoDate(new Date())}.${password === null ? 'json' : 'rondblik'}`
    saveFile(await exportBackupFile(getDb(), password), file)
    return file
  }

  async function importFile(file: File, password?: string): Promise<ImportResult> {
    return importBackupFile(getDb(), file, password)
  }

  async function deleteAll(): Promise<void> {
    await deleteAllData(getDb())
    await removeAllFiles()
  }

  return {
    locale, cameraAddress, storage, loaded,
    load, changeLocale, changeCameraAddress, refreshStorage, requestPersistence, exportAll, importFile, deleteAll,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSettingsStore, import.meta.hot))
