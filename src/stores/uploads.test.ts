import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { repositories } from '../db/app'
import { newMarker } from '../db/testing'
import { freshVisit } from './testing'

// The sync store's hooks and the visit's phase, as the uploads store sees them; the queue records what it is asked.
const hooks = vi.hoisted(() => ({ synced: [] as (() => void)[], signedOut: [] as (() => void)[] }))
const visit = vi.hoisted(() => ({ phase: 'idle' as string }))
const calls = vi.hoisted(() => [] as string[])

vi.mock('./sync', () => ({
  useSyncStore: () => ({
    onSynced: (fn: () => void) => hooks.synced.push(fn),
    onSignedOut: (fn: () => void) => hooks.signedOut.push(fn),
    uploadServer: async () => null,
  }),
}))
vi.mock('./visit', async () => {
  const state = (await import('vue')).reactive(visit)
  return { useVisitStore: () => state }
})
vi.mock('../sync/upload', async (original) => ({
  ...(await original<typeof import('../sync/upload')>()),
  createUploadQueue: () => ({
    run: async () => void calls.push('run'),
    stop: async () => void calls.push('stop'),
    choose: async (id: string, choice: string, windows: unknown[]) => void calls.push(`choose ${id} ${choice} ${windows.length}`),
    freeSpace: async () => true,
    onProgress: () => () => undefined,
  }),
}))

const { useUploadsStore } = await import('./uploads')
const { useVisitStore } = await import('./visit')
/** The visit's phase, which the real store only changes by recording. */
const visitPhase = () => useVisitStore() as unknown as { phase: string }

describe('the uploads store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    hooks.synced.length = 0
    hooks.signedOut.length = 0
    calls.length = 0
    visitPhase().phase = 'idle'
  })

  it('runs the queue after each sync, but not while a recording runs; a recording pauses it and its end resumes it', async () => {
    useUploadsStore()
    hooks.synced.forEach((fn) => fn())
    expect(calls).toEqual(['run'])

    visitPhase().phase = 'recording'
    await nextTick()
    expect(calls).toEqual(['run', 'stop'])
    hooks.synced.forEach((fn) => fn())
    expect(calls).toEqual(['run', 'stop'])

    visitPhase().phase = 'stopped'
    await nextTick()
    expect(calls).toEqual(['run', 'stop', 'run'])
  })

  it('stops the queue on sign-out (and so before a revoked tablet is wiped)', () => {
    useUploadsStore()
    hooks.signedOut.forEach((fn) => fn())
    expect(calls).toEqual(['stop'])
  })

  it('queues the nagesprek’s fragments: only the chosen marker’s window, then sends at once', async () => {
    const { lessonId } = await freshVisit()
    const repos = repositories()
    const clip = await repos.recordings.create({
      lessonId, clipIndex: 0, cameraFileUrl: null, startedAt: 0, requestedAt: 0, confirmedAt: 0, stoppedAt: 120_000, durationSec: 120, bytes: 'full',
    })
    const place = (offsetSec: number, chosen: boolean) => repos.markers.create({ ...newMarker(lessonId, offsetSec * 1000), recordingId: clip.id, offsetSec, chosen, chosenOrder: chosen ? 0 : null })
    await place(20, false)
    await place(80, true)
    const uploads = useUploadsStore()
    await uploads.choose(clip.id, 'fragments')
    expect(calls).toEqual([`choose ${clip.id} fragments 1`, 'run'])
    await uploads.choose('no-such-recording', 'fragments')
    expect(calls).toHaveLength(2)
  })
})

