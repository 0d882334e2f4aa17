import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { repositories } from '../db/app'
import { isDemoId } from '../domain/demo'
import { useDemoStore } from './demo'

describe('the demo store', () => {
  beforeEach(() => { setActivePinia(createPinia()) })
  afterEach(() => { vi.unstubAllGlobals() })

  it('without its clip (not precached yet) the demo is not put on the tablet, and the coach is told why', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 404 })))
    const demo = useDemoStore()
    expect(await demo.install('nl')).toBeNull()
    expect(demo.problem).toBe('videoMissing')
    expect(demo.busy).toBe(false)
    expect((await repositories().coachees.all()).some((c) => isDemoId(c.id))).toBe(false)
    expect(demo.present).toBe(false)
  })

  it('a failure while writing is a problem value, never an exception, and no half demo is left', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(new Uint8Array([0, 0, 0, 24]))))
    const demo = useDemoStore()
    // This test's world has no OPFS, so storing the clip fails the way a full tablet would.
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(await demo.install('nl')).toBeNull()
    expect(demo.problem).toBe('storage')
    expect(demo.busy).toBe(false)
    expect((await repositories().coachees.all()).some((c) => isDemoId(c.id))).toBe(false)
  })
})
