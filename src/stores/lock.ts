import { defineStore, acceptHMRUpdate } from 'pinia'
import { computed, ref, watch } from 'vue'
import { getDb } from '../db/database'
import { removeAllFiles } from '../media'
import { createLockSession } from '../security/session'
import { createLockTimer } from '../security/lock-timer'
import type { KeyringState, PasscodeResult } from '../security/keyring'
import { useVisitStore } from './visit'

export const IDLE_CHOICES = [2, 5, 15] as const
export type IdleMinutes = (typeof IDLE_CHOICES)[number]
const IDLE_KEY = 'lock.idleMinutes'
const DEFAULT_IDLE: IdleMinutes = 5

/** The app lock: the passcode, the lock screen's state and when the app locks itself. */
export const useLockStore = defineStore('lock', () => {
  const db = getDb()
  const session = createLockSession(db)
  const state = ref<KeyringState>('loading')
  session.subscribe((next) => (state.value = next))
  const idleMinutes = ref<IdleMinutes>(DEFAULT_IDLE)

  const visit = useVisitStore()
  // The same test the sync scheduler uses: the camera records, or is starting or stopping.
  const recording = computed(() => !['idle', 'stopped'].includes(visit.phase))
  const timer = createLockTimer({
    idleMs: () => idleMinutes.value * 60_000,
    busy: () => recording.value,
    lock: () => session.lock(),
  })
  watch(recording, () => timer.busyChanged())
  watch(state, (next) => (next === 'unlocked' ? timer.start() : timer.stop()))

  let started = false
  /** Called once at app start: the app opens locked when a passcode is set. */
  async function start(): Promise<void> {
    if (started) return
    started = true
    const stored = (await db.meta.get(IDLE_KEY))?.value
    if (IDLE_CHOICES.includes(stored as IdleMinutes)) idleMinutes.value = stored as IdleMinutes
    const activity = () => timer.activity()
    for (const type of ['pointerdown', 'keydown', 'wheel'] as const) window.addEventListener(type, activity, { capture: true, passive: true })
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') timer.lockNow()
    })
    try {
      state.value = await session.load()
    } catch {
      // A database that cannot be read holds nothing to protect here; the app shows its own error.
      state.value = 'none'
    }
  }

  async function setIdleMinutes(minutes: IdleMinutes): Promise<void> {
    idleMinutes.value = minutes
    // The new time counts from now, not from when the write has landed.
    timer.activity()
    await db.transaction('rw', db.meta, () => db.meta.put({ key: IDLE_KEY, value: minutes }))
  }

  /** A forgotten passcode: everything on the tablet goes, then the app starts afresh. */
  async function wipe(): Promise<void> {
    await session.wipe(removeAllFiles)
    location.reload()
  }

  return {
    state,
    locked: computed(() => state.value === 'locked'),
    hasPasscode: computed(() => state.value === 'locked' || state.value === 'unlocked'),
    idleMinutes,
    start, setIdleMinutes, wipe,
    lockNow: () => timer.lockNow(),
    unlock: (passcode: string): Promise<PasscodeResult> => session.unlock(passcode),
    setPasscode: (passcode: string): Promise<PasscodeResult> => session.setPasscode(passcode),
    waitMs: () => session.waitMs(),
    changePasscode: (current: string, next: string) => session.changePasscode(current, next),
    removePasscode: (current: string) => session.removePasscode(current),
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useLockStore, import.meta.hot))
