// @vitest-environment jsdom
import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { repositories } from '../db/app'
import { useCoacheesStore } from './coachees'

describe('the coachees store', () => {
  beforeEach(() => { setActivePinia(createPinia()) })

  it('a new coachee is stored trimmed and listed; a second one of the same name is allowed and noticed', async () => {
    const coachees = useCoacheesStore()
    const made = await coachees.create({ name: '  Noor Bakker ', role: 'startingTeacher', school: 'Het Baken' })
    if (!made.ok) throw new Error(made.error)
    expect(await repositories().coachees.get(made.coachee.id)).toMatchObject({ name: 'Noor Bakker', role: 'startingTeacher', school: 'Het Baken', archivedAt: null })
    await vi.waitFor(() => expect((coachees.active ?? []).map((c) => c.id)).toContain(made.coachee.id))
    expect(coachees.hasNamesake('noor bakker')).toBe(true)
    expect(coachees.hasNamesake('Noor Bakker', made.coachee.id)).toBe(false)
  })

  it('an empty name is refused and nothing is written', async () => {
    const coachees = useCoacheesStore()
    const before = (await repositories().coachees.listActive()).length
    expect(await coachees.create({ name: '   ', role: 'student', school: '' })).toMatchObject({ ok: false, error: 'empty' })
    expect(await repositories().coachees.listActive()).toHaveLength(before)
  })

  it('archiving moves a coachee from the active list to the archived one and back', async () => {
    const coachees = useCoacheesStore()
    const made = await coachees.create({ name: 'Sem Visser', role: 'student', school: '' })
    if (!made.ok) throw new Error(made.error)
    await coachees.setArchived(made.coachee.id, true)
    await vi.waitFor(() => {
      expect((coachees.archived ?? []).map((c) => c.id)).toContain(made.coachee.id)
      expect((coachees.active ?? []).map((c) => c.id)).not.toContain(made.coachee.id)
    })
    await coachees.setArchived(made.coachee.id, false)
    await vi.waitFor(() => expect((coachees.active ?? []).map((c) => c.id)).toContain(made.coachee.id))
  })

  it('the search finds a coachee by name or school, whatever the case', async () => {
    const coachees = useCoacheesStore()
    const made = await coachees.create({ name: 'Lotte Smit', role: 'student', school: 'De Regenboog' })
    if (!made.ok) throw new Error(made.error)
    await vi.waitFor(() => expect((coachees.active ?? []).map((c) => c.id)).toContain(made.coachee.id))
    coachees.query = 'regenBOOG'
    expect(coachees.filtered.map((c) => c.id)).toEqual([made.coachee.id])
  })
})
