import { defineStore, acceptHMRUpdate } from 'pinia'
import { liveQuery } from 'dexie'
import { computed, ref, shallowRef, watch } from 'vue'
import { getDb, type RejectionRow } from '../db/database'
import { removeAllFiles } from '../media'
import { createAccount, type Account, type SignIn } from '../sync/account'
import { createSyncEngine, EMPTY_STATUS, STATUS_KEY, SyncError, type SyncErrorCode, type SyncOutcome, type SyncStatus } from '../sync/engine'
import type { DeviceInfo } from '../sync/protocol'
import { createSyncScheduler } from '../sync/scheduler'
import { REVOKED_KEY, wipeRevokedDevice } from '../sync/wipe'
import { ACCOUNT_KEY } from '../sync/account'
import { useVisitStore } from './visit'

/** The school server: sign-in, the sync status the coach sees, the scheduler, the device list. */
export const useSyncStore = defineStore('sync', () => {
  const db = getDb()
  const account = createAccount({ db })
  const visit = useVisitStore()
  // A sync competes with the tap's write and the camera link: none starts during a recording, and
  // one under way holds between its steps until the recording is over.
  const recording = computed(() => !['idle', 'stopped'].includes(visit.phase))
  function notRecording(): Promise<void> {
    if (!recording.value) return Promise.resolve()
    return new Promise((resolve) => {
      const stop = watch(recording, (busy) => {
        if (!busy) (stop(), resolve())
      })
    })
  }
  const engine = createSyncEngine({ db, transport: account.transport(), pause: notRecording })

  const signedIn = shallowRef<Account | undefined>()
  const status = shallowRef<SyncStatus>(EMPTY_STATUS)
  const pending = ref(0)
  const rejections = shallowRef<RejectionRow[]>([])
  const revokedAt = ref<number | null>(null)
  const syncing = ref(false)
  const signInProblem = ref<SyncErrorCode | null>(null)
  const devices = shallowRef<DeviceInfo[]>([])
  const devicesProblem = ref<SyncErrorCode | null>(null)
  const synced = new Set<() => void>()
  const signedOut = new Set<() => void>()

  const scheduler = createSyncScheduler({ run, busy: () => recording.value })

  async function run(): Promise<SyncOutcome> {
    syncing.value = true
    try {
      const outcome = await engine.sync()
      if (outcome.ok) for (const listener of synced) listener()
      // Only a revoked device is wiped: a disabled account may still hold changes the school wants back.
      else if (outcome.code === 'deviceRevoked') await revoked()
      return outcome
    } finally {
      syncing.value = false
    }
  }

  /** The school revoked this tablet: the coach is told (revokedAt), then its synced data and video go. */
  async function revoked(): Promise<void> {
    revokedAt.value = Date.now()
    scheduler.stop()
    for (const listener of signedOut) listener()
    await wipeRevokedDevice(db, removeAllFiles)
  }

  let started = false
  /** Called once at app start: watches the local state and syncs on its schedule while signed in. */
  function start(): void {
    if (started) return
    started = true
    liveQuery(() => db.meta.bulkGet([ACCOUNT_KEY, STATUS_KEY, REVOKED_KEY])).subscribe(([a, s, r]) => {
      const wasSignedIn = signedIn.value !== undefined
      signedIn.value = a?.value as Account | undefined
      status.value = (s?.value as SyncStatus | undefined) ?? EMPTY_STATUS
      revokedAt.value = (r?.value as number | undefined) ?? null
      if (signedIn.value && !wasSignedIn) scheduler.start()
    })
    liveQuery(() => db.outbox.count()).subscribe((count) => (pending.value = count))
    liveQuery(() => db.rejections.toArray()).subscribe((rows) => (rejections.value = rows))
    db.outbox.hook('creating', () => scheduler.written())
    window.addEventListener('online', () => scheduler.online())
  }

  async function signIn(form: SignIn): Promise<boolean> {
    signInProblem.value = null
    try {
      signedIn.value = await account.signIn(form)
      await db.meta.delete(REVOKED_KEY)
      scheduler.start()
      return true
    } catch (error) {
      if (!(error instanceof SyncError)) throw error
      signInProblem.value = error.code
      return false
    }
  }

  async function signOut(): Promise<void> {
    scheduler.stop()
    for (const listener of signedOut) listener()
    await account.signOut()
    signedIn.value = undefined
  }

  async function loadDevices(): Promise<void> {
    devicesProblem.value = null
    try {
      devices.value = (await account.devices()).devices
    } catch (error) {
      if (!(error instanceof SyncError)) throw error
      devicesProblem.value = error.code
    }
  }

  async function revokeDevice(id: string): Promise<void> {
    try {
      await account.revokeDevice(id)
    } catch (error) {
      if (!(error instanceof SyncError)) throw error
      devicesProblem.value = error.code
    }
    await loadDevices()
  }

  return {
    signedIn, status, pending, rejections, revokedAt, syncing, signInProblem, devices, devicesProblem,
    start, signIn, signOut, loadDevices, revokeDevice,
    syncNow: () => scheduler.now(),
    dismissRejections: () => db.rejections.clear(),
    /** The upload queue runs after each successful sync (src/stores/uploads.ts registers it). */
    onSynced: (listener: () => void) => void synced.add(listener),
    onSignedOut: (listener: () => void) => void signedOut.add(listener),
    /** For the upload queue. */
    uploadServer: () => account.uploadServer(),
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSyncStore, import.meta.hot))
