import { openDb } from '../../src/db/database'
import { createRepositories } from '../../src/db/repositories'
import { summarize } from '../stats'

/** Save a help question, as the intake does, and time it until its transaction has committed. */
async function helpQuestionWrites(count: number) {
  const db = openDb(`bench-${Date.now()}`)
  const repos = createRepositories(db)
  const trajectory = await repos.trajectories.create({ coacheeId: 'c', title: 't', startedOn: '2026-11-24', closedAt: null, notes: '' })
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const start = performance.now()
    await repos.helpQuestions.create({
      trajectoryId: trajectory.id, text: `Hulpvraag ${i}`, priority: i === 0 ? 'primary' : 'secondary', status: 'open',
      order: i, cycleIds: [], solvedWithId: null, evaluation: '',
    })
    times.push(performance.now() - start)
  }
  db.close()
  return summarize(times.slice(5)) // the first writes open the database
}

;(window as unknown as { bench: Record<string, (n: number) => Promise<unknown>> }).bench = { helpQuestionWrites }
