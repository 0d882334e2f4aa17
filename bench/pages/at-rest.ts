import { openDb, type RondblikDb } from '../../src/db/database'
import { createRepositories } from '../../src/db/repositories'
import { generateDataKey, setDataKey } from '../../src/db/encryption'
import { summarize } from '../stats'
import { pearlTap } from './tap'

/**
 * Encryption at rest on vs off in one run, interleaved so both meet the same machine load: two
 * databases, one written with the data key set (sealed) and one without (plain).
 */
async function pair(): Promise<{ key: CryptoKey; off: RondblikDb; on: RondblikDb }> {
  const stamp = Date.now()
  return { key: await generateDataKey(false), off: openDb(`bench-at-rest-off-${stamp}`), on: openDb(`bench-at-rest-on-${stamp}`) }
}

async function timed(key: CryptoKey | null, write: () => Promise<unknown>, into: number[]): Promise<void> {
  setDataKey(key)
  const start = performance.now()
  await write()
  into.push(performance.now() - start)
}

const NOTE = 'Noemt een leerling bij naam en knikt; de groep wordt rustig.'

/** The visit screen's tap (bench/pages/visit.ts's), then the note typed to it, each until committed. */
async function taps(count: number) {
  const { key, off, on } = await pair()
  const repos = { off: createRepositories(off), on: createRepositories(on) }
  const tap = { off: [] as number[], on: [] as number[] }
  const note = { off: [] as number[], on: [] as number[] }
  const view = { yaw: 12, pitch: -4, fov: 75 }
  for (let i = 0; i < count; i++) {
    // Alternate which goes first, so neither always meets a warmer cache.
    for (const side of i % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      let id = ''
      await timed(side === 'on' ? key : null, async () => (id = (await repos[side].markers.create(pearlTap('bench', view))).id), tap[side])
      await timed(side === 'on' ? key : null, () => repos[side].markers.update(id, { note: `${NOTE} ${i}` }), note[side])
    }
  }
  setDataKey(null)
  off.close()
  on.close()
  // The first writes open the databases.
  const skip = (v: number[]) => summarize(v.slice(5))
  return { tapOff: skip(tap.off), tapOn: skip(tap.on), noteOff: skip(note.off), noteOn: skip(note.on) }
}

/** 200 coachees read as the list does at a start (a fresh connection each time), plain vs sealed. */
async function coacheeList(runs: number) {
  const { key, off, on } = await pair()
  for (const [db, k] of [[off, null], [on, key]] as const) {
    setDataKey(k)
    const repos = createRepositories(db)
    for (let i = 0; i < 200; i++) await repos.coachees.create({ name: `Coachee ${String(i + 1).padStart(3, '0')}`, role: 'student', school: 'Pabo Utrecht', notes: i % 10 ? '' : 'Twijfelt over orde.', archivedAt: null })
    db.close()
  }
  const times = { off: [] as number[], on: [] as number[] }
  for (let i = 0; i < runs; i++) {
    for (const [side, name, k] of [['off', off.name, null], ['on', on.name, key]] as const) {
      const db = openDb(name)
      await timed(k, async () => {
        const list = await createRepositories(db).coachees.listActive()
        if (list.length !== 200 || !list[0]!.name.startsWith('Coachee')) throw new Error('wrong list')
      }, times[side])
      db.close()
    }
  }
  setDataKey(null)
  return { off: summarize(times.off), on: summarize(times.on) }
}

;(window as unknown as { bench: Record<string, (n: number) => Promise<unknown>> }).bench = { taps, coacheeList }
