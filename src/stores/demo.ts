import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import { DEMO_VIDEO_URL } from '../demo/content'
import { hasDemo, installDemo, opfsDemoVideo, removeDemo } from '../demo/demo'
import type { Coachee, Locale } from '../domain/model'
import { useLiveQuery } from '../composables/useLiveQuery'
import { repositories } from '../db/app'

/** Why the demo could not be put on the tablet: its clip could not be read (not precached yet). */
export type DemoProblem = 'videoMissing' | 'storage'

/** The demo coachee a new coach can look around in, and its removal in one step. */
export const useDemoStore = defineStore('demo', () => {
  const present = useLiveQuery(() => hasDemo(repositories()), undefined, false)
  const busy = ref(false)
  const problem = ref<DemoProblem | null>(null)

  async function clip(): Promise<Uint8Array<ArrayBuffer> | null> {
    // Precached by the service worker, so this works offline once the app has been opened.
    const answer = await fetch(`${import.meta.env.BASE_URL}${DEMO_VIDEO_URL}`).catch(() => null)
    return answer?.ok ? new Uint8Array(await answer.arrayBuffer()) : null
  }

  async function run<T>(work: () => Promise<T>): Promise<T | null> {
    busy.value = true
    problem.value = null
    try {
      return await work()
    } catch (e) {
      console.error('demo', e)
      problem.value = 'storage'
      return null
    } finally {
      busy.value = false
    }
  }

  function install(locale: Locale): Promise<Coachee | null> {
    return run(async () => {
      const bytes = await clip()
      if (!bytes) {
        problem.value = 'videoMissing'
        return null
      }
      return installDemo(repositories(), opfsDemoVideo, bytes, locale)
    })
  }

  async function remove(): Promise<void> {
    await run(() => removeDemo(repositories(), opfsDemoVideo))
  }

  return { present, busy, problem, install, remove }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDemoStore, import.meta.hot))
