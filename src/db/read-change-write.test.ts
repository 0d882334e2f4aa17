// Read-change-write in one transaction: two writers at once (two taps, two tabs of the app, a sync
// applying pulled rows) each build on the other's result; with a read outside the write one was lost.
import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { setChosen } from '../domain/follow-up'
import { openDb, type RondblikDb } from './database'
import { createRepositories } from './repositories'
import { newMarker, openTestDb } from './testing'

const opened: RondblikDb[] = []
afterEach(async () => {
  for (const db of opened.splice(0)) db.close()
})

/** The same database as two tabs see it: two connections, two sets of repositories. */
function twoTabs() {
  const first = openTestDb()
  const second = openDb(first.name)
  opened.push(first, second)
  return [createRepositories(first), createRepositories(second)] as const
}

describe('read-change-write in one transaction', () => {
  it('two answers to one nagesprek at once, from two tabs: both kept, one record', async () => {
    const [a, b] = twoTabs()
    const fresh = () => ({ heldOn: '2026-10-01', fragments: [], conclusions: '', agreements: '', nextSteps: '' })
    await Promise.all([
      a.followUps.change('c1', fresh, () => ({ conclusions: 'Rustig begonnen' })),
      b.followUps.change('c1', fresh, () => ({ agreements: 'Volgende keer de uitleg korter' })),
    ])
    const records = await a.followUps.byCycle('c1')
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ conclusions: 'Rustig begonnen', agreements: 'Volgende keer de uitleg korter' })
  })

  it('two fragments chosen at once: places 1 and 2, not both 1', async () => {
    const [a, b] = twoTabs()
    const first = await a.markers.create(newMarker('l1', 1000))
    const second = await a.markers.create(newMarker('l1', 2000))
    await Promise.all([
      a.markers.changeSelection('l1', (stored) => setChosen(stored, first.id, true, 5)),
      b.markers.changeSelection('l1', (stored) => setChosen(stored, second.id, true, 6)),
    ])
    const chosen = (await a.markers.byLesson('l1')).filter((m) => m.chosen).map((m) => m.chosenOrder).sort()
    expect(chosen).toEqual([0, 1])
  })

  it('a rating and a note for a new cell at once: one observation holding both', async () => {
    const [a, b] = twoTabs()
    await Promise.all([
      a.observations.writeCell('l1', 'r1', 'c1', { rating: 3 }),
      b.observations.writeCell('l1', 'r1', 'c1', { notes: 'Stelt open vragen' }),
    ])
    const cells = await a.observations.byLesson('l1')
    expect(cells).toHaveLength(1)
    expect(cells[0]).toMatchObject({ rating: 3, notes: 'Stelt open vragen' })
  })
})
