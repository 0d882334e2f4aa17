import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { appendErrorLog, clearErrorLog, ERROR_LOG_MAX, errorEntry, readErrorLog } from './error-log'
import { openTestDb } from './testing'

describe('the error log', () => {
  it('keeps what was thrown, where and when, newest last', async () => {
    const db = openTestDb()
    await appendErrorLog(db, errorEntry(new TypeError('x is undefined'), 'markers.tap', 1))
    await appendErrorLog(db, errorEntry('plain text', 'unhandled', 2))
    const log = await readErrorLog(db)
    expect(log.map((e) => [e.at, e.context, e.name, e.message])).toEqual([
      [1, 'markers.tap', 'TypeError', 'x is undefined'],
      [2, 'unhandled', 'string', 'plain text'],
    ])
    expect(log[0]!.stack).toContain('TypeError')
  })

  it('stays bounded: the oldest entries fall off, long texts are cut', async () => {
    const db = openTestDb()
    for (let i = 0; i < ERROR_LOG_MAX + 5; i++) await appendErrorLog(db, errorEntry(new Error('x'.repeat(5000)), 'c', i))
    const log = await readErrorLog(db)
    expect(log).toHaveLength(ERROR_LOG_MAX)
    expect(log[0]!.at).toBe(5)
    expect(log[0]!.message.length).toBeLessThanOrEqual(2001)
  })

  it('loses no entry when two writers log at the same moment', async () => {
    const db = openTestDb()
    await Promise.all(Array.from({ length: 10 }, (_, i) => appendErrorLog(db, errorEntry(new Error(`e${i}`), 'c', i))))
    expect((await readErrorLog(db)).map((e) => e.message).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `e${i}`).sort())
    await clearErrorLog(db)
    expect(await readErrorLog(db)).toEqual([])
  })
})
