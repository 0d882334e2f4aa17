import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import { getDb } from '../db/database'
import { StorageError } from '../db/repository'
import { AtRestError } from '../db/encryption'
import { readErrorLog } from '../db/error-log'
import { useCommand } from './useCommand'
import { noticeKindOf, useNotices } from './useNotices'

describe('a command a screen starts', () => {
  it('when it fails, tells the coach, logs it under its name and resolves undefined', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const tap = useCommand('markers.tap', async () => { throw new TypeError('lesson is undefined') })
    const running = tap.run()
    expect(tap.busy.value).toBe(true)
    await expect(running).resolves.toBeUndefined()
    expect(tap.busy.value).toBe(false)
    expect(useNotices().current.value?.kind).toBe('unexpected')
    const [entry] = (await readErrorLog(getDb())).slice(-1)
    expect(entry).toMatchObject({ context: 'markers.tap', name: 'TypeError', message: 'lesson is undefined' })
    useNotices().dismiss()
    expect(useNotices().current.value).toBeNull()
  })

  it('passes a result through and tells nothing when it works', async () => {
    const save = useCommand('save', async (n: number) => n * 2)
    expect(await save.run(21)).toBe(42)
    expect(useNotices().current.value).toBeNull()
  })

  it('says "the tablet is full" for a full storage and "no longer there" for a vanished record', () => {
    expect(noticeKindOf(new DOMException('full', 'QuotaExceededError'))).toBe('storageFull')
    expect(noticeKindOf(Object.assign(new Error('dexie'), { name: 'AbortError', inner: new DOMException('full', 'QuotaExceededError') }))).toBe('storageFull')
    expect(noticeKindOf(new StorageError('notFound', 'markers', 'm1'))).toBe('gone')
    expect(noticeKindOf(new AtRestError('locked', 'coachees'))).toBe('locked')
    expect(noticeKindOf(Object.assign(new Error('dexie'), { name: 'AbortError', inner: new AtRestError('unreadable', 'markers') }))).toBe('unreadable')
    expect(noticeKindOf(new Error('x'))).toBe('unexpected')
  })
})
