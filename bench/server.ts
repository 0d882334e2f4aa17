/**
 * The school server's record sync: a year of one coach's work (10 000 records) pushed by one
 * device and pulled by a fresh one, over loopback HTTP as the app does (batches of PUSH_MAX_CHANGES,
 * pages of PULL_MAX_LIMIT). Seconds, records/s and the server process's peak heap; on SQLite, and
 * on PostgreSQL when it is installed.
 */
import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { addCoach } from '../server/src/auth/accounts'
import { openDatabase } from '../server/src/db/database'
import { migrate } from '../server/src/db/migrations'
import { Client, freePort, stamp } from '../server/test/harness'
import { postgresBin, startPostgres } from '../server/test/postgres'
import { PULL_MAX_LIMIT, PUSH_MAX_CHANGES, type Change, type SyncTable } from '../src/sync/protocol'

const RECORDS = 10_000
const MB = 1024 * 1024

/** A year of records: mostly markers and observations, a few coachees, trajectories and cycles. */
function yearOfWork(client: Client, now: number): Change[] {
  const mix: [SyncTable, number][] = [['coachees', 20], ['trajectories', 20], ['cycles', 120], ['helpQuestions', 360], ['lessons', 120], ['lessonGoals', 360], ['recordings', 120], ['followUps', 120], ['observations', 1800]]
  const tables: SyncTable[] = mix.flatMap(([table, n]) => Array<SyncTable>(n).fill(table))
  while (tables.length < RECORDS) tables.push('markers')
  return client.changes(
    ...tables.map((table, i) => {
      const scope = `coachee-${i % 20}`
      const id = table === 'coachees' ? scope : `${table}-${i}`
      const hlc = stamp(now - (RECORDS - i) * 1000, 'bench')
      const field = (value: unknown) => ({ value, hlc })
      return {
        table,
        id,
        scope,
        fields: {
          createdAt: field(now - i),
          updatedAt: field(now - i),
          deletedAt: field(null),
          label: field(i % 3 ? 'Parel' : 'Puzzel'),
          at: field(i * 1337),
          note: field('De leerkracht geeft een compliment en de leerling kijkt op.'),
          kijkwijzer: field(['b1', 'c2']),
        },
      }
    }),
  )
}

/** Bytes on the wire of one full pull page, as sent with and without gzip. */
function pageBytes(url: string, token: string, encoding: 'gzip' | 'identity'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/sync/pull?since=0&limit=${PULL_MAX_LIMIT}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': encoding } }, (res) => {
      let bytes = 0
      res.on('data', (chunk: Buffer) => (bytes += chunk.length))
      res.on('end', () => resolve(bytes))
    })
    req.on('error', reject).end()
  })
}

async function measure(label: string, databaseUrl?: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rondblik-bench-server-'))
  const setup = openDatabase({ dataDir, databaseUrl })
  await migrate(setup.db)
  await addCoach(setup.db, { username: 'anna', password: 'geheim-wachtwoord' })
  await setup.db.destroy()

  const args = ['--import', 'tsx', join(import.meta.dirname, 'server-child.ts'), '--data', dataDir, '--port', String(await freePort()), '--host', '127.0.0.1']
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, RONDBLIK_DATABASE_URL: databaseUrl ?? '' } })
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  const nextLine = async () => JSON.parse(((await lines.next()).value as string | undefined) ?? 'null') as Record<string, number | string>
  const { url } = (await nextLine()) as { url: string }
  let peakHeap = 0
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      child.stdin!.write('mem\n')
      peakHeap = Math.max(peakHeap, Number((await nextLine()).heapUsed))
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })()

  try {
    const tablet = new Client(url, Date.now)
    await tablet.login('anna', 'geheim-wachtwoord', 'tablet')
    const changes = yearOfWork(tablet, Date.now())
    const pushStart = performance.now()
    for (let i = 0; i < changes.length; i += PUSH_MAX_CHANGES) {
      const { status, body } = await tablet.push(changes.slice(i, i + PUSH_MAX_CHANGES))
      if (status !== 200 || body.rejected.length) throw new Error(`push answered ${status}: ${JSON.stringify(body).slice(0, 200)}`)
    }
    const pushMs = performance.now() - pushStart

    const fresh = new Client(url, Date.now)
    await fresh.login('anna', 'geheim-wachtwoord', 'nieuwe tablet')
    const pullStart = performance.now()
    const { rows } = await fresh.pullAll(0, PULL_MAX_LIMIT)
    const pullMs = performance.now() - pullStart
    if (rows.length !== RECORDS) throw new Error(`pulled ${rows.length} of ${RECORDS} records`)

    const token = fresh.session!.accessToken
    const [gzip, plain] = [await pageBytes(url, token, 'gzip'), await pageBytes(url, token, 'identity')]

    const rate = (ms: number) => Math.round(RECORDS / (ms / 1000))
    console.log(
      `${label}: push ${RECORDS} records ${(pushMs / 1000).toFixed(2)} s (${rate(pushMs)} records/s), ` +
        `pull to a fresh device ${(pullMs / 1000).toFixed(2)} s (${rate(pullMs)} records/s), ` +
        `together ${((pushMs + pullMs) / 1000).toFixed(2)} s; server heap peak ${(peakHeap / MB).toFixed(1)} MB; ` +
        `a page of ${PULL_MAX_LIMIT} rows ${Math.round(gzip / 1024)} kB gzipped (${Math.round(plain / 1024)} kB plain)`,
    )
  } finally {
    sampling = false
    await sampler
    child.stdin!.end()
    await new Promise((resolve) => child.once('exit', resolve))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function run(): Promise<void> {
  await measure('SQLite')
  const bin = postgresBin()
  if (!bin) {
    console.log('PostgreSQL: not installed, skipped')
    return
  }
  const cluster = await startPostgres(bin)
  try {
    await measure('PostgreSQL (test cluster, fsync off)', await cluster.database())
  } finally {
    await cluster.stop()
  }
}
