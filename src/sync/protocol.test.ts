import { describe, expect, it } from 'vitest'
import * as v from 'valibot'
import { ChangeSchema, PullQuerySchema, PushRequestSchema, SYNC_TABLES } from './protocol'
import { RECORD_TABLES } from '../db/database'

const hlc = '1700000000000:00000:dev-1'

describe('sync protocol', () => {
  it('syncs exactly the record tables of the database', () => {
    expect([...SYNC_TABLES].sort()).toEqual([...RECORD_TABLES].sort())
  })

  it('takes a change of stamped fields and refuses one without a stamp, an unknown table or an id field', () => {
    const change = { seq: 1, table: 'markers', id: 'm1', scope: 'c1', fields: { label: { value: 'Parel', hlc } } }
    expect(v.is(ChangeSchema, change)).toBe(true)
    expect(v.is(ChangeSchema, { ...change, fields: { label: { value: 'x' } } })).toBe(false)
    expect(v.is(ChangeSchema, { ...change, fields: { label: { value: 'x', hlc: 'yesterday' } } })).toBe(false)
    expect(v.is(ChangeSchema, { ...change, table: 'meta' })).toBe(false)
    expect(v.is(ChangeSchema, { ...change, fields: { id: { value: 'm2', hlc } } })).toBe(false)
    expect(v.is(ChangeSchema, { ...change, fields: {} })).toBe(false)
  })

  it('lets a batch with one bad change through to be rejected change by change, but not one past the limit', () => {
    expect(v.is(PushRequestSchema, { changes: [{ seq: 1, table: 'nope' }] })).toBe(true)
    expect(v.is(PushRequestSchema, { changes: [] })).toBe(false)
    expect(v.is(PushRequestSchema, { changes: Array.from({ length: 501 }, (_, i) => ({ seq: i + 1 })) })).toBe(false)
  })

  it('reads the pull cursor and limit from the query', () => {
    expect(v.parse(PullQuerySchema, { since: '12' })).toEqual({ since: 12, limit: 500 })
    expect(v.is(PullQuerySchema, { since: '12', limit: '5000' })).toBe(false)
  })
})
