import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './modules/router'
import { i18n } from './i18n'
import { useNotices } from './composables/useNotices'
import { useSyncStore } from './stores/sync'
import { useRetentionStore } from './stores/retention'
import { useUploadsStore } from './stores/uploads'
import { REMOTE_VIDEO } from './composables/media/usePlayer'
import './styles/base.css'

const app = createApp(App).use(createPinia()).use(router).use(i18n)

// Nothing fails without a word: what no screen caught is logged and told in a calm notice.
// Vue hands over what its handlers throw, a tap's rejected promise included.
const notices = useNotices()
app.config.errorHandler = (error, _instance, info) => { void notices.report(error, `vue: ${info}`) }
window.addEventListener('unhandledrejection', (event) => {
  // An aborted fetch is a page or a screen going away, not a failure.
  const quiet = event.reason instanceof DOMException && event.reason.name === 'AbortError'
  void notices.report(event.reason, 'unhandled', { quiet })
})
window.addEventListener('error', (event) => { void notices.report(event.error ?? event.message, 'uncaught') })

// The upload queue follows the sync; a player without the bytes plays the school server's copy.
app.provide(REMOTE_VIDEO, useUploadsStore().serverVideo)

app.mount('#app')
// Sync runs on its own schedule from app start (it does nothing until the coach signs in).
useSyncStore().start()
// What is past its retention period goes at start and once a day while open (never while recording).
useRetentionStore().start()
