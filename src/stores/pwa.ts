import { defineStore, acceptHMRUpdate } from 'pinia'
import { ref } from 'vue'
import { registerSW } from 'virtual:pwa-register'

/**
 * The service worker and its updates. With registerType 'prompt' a new version waits until
 * the coach chooses to update, so the app never reloads itself in the middle of a lesson.
 */
export const usePwaStore = defineStore('pwa', () => {
  const updateAvailable = ref(false)
  const offlineReady = ref(false)
  let updateServiceWorker: ((reload?: boolean) => Promise<void>) | null = null

  function register(): void {
    if (updateServiceWorker || !('serviceWorker' in navigator)) return
    updateServiceWorker = registerSW({
      immediate: true,
      onNeedRefresh: () => { updateAvailable.value = true },
      onOfflineReady: () => { offlineReady.value = true },
    })
  }

  async function applyUpdate(): Promise<void> {
    updateAvailable.value = false
    await updateServiceWorker?.(true)
  }

  function postponeUpdate(): void {
    updateAvailable.value = false
  }

  return { updateAvailable, offlineReady, register, applyUpdate, postponeUpdate }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePwaStore, import.meta.hot))
