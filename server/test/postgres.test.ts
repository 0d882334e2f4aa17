/**
 * The same sync suite against a real PostgreSQL. In CI (CI=1) a missing PostgreSQL fails loudly
 * (.ci/run installs Debian's `postgresql`); elsewhere the suite is skipped with the reason printed.
 */
import { afterAll, beforeAll, describe, it } from 'vitest'
import { expect } from 'vitest'
import pg from 'pg'
import { startTestServer, stamp, type TestServer } from './harness'
import { postgresBin, startPostgres, type PostgresCluster } from './postgres'
import { syncSuite } from './sync-suite'
import { LOGIN_MAX_FAILURES } from '../src/auth/sessions'

const bin = postgresBin()

if (!bin && process.env.CI) {
  describe('server on PostgreSQL', () => {
    it('has PostgreSQL installed', () => {
      throw new Error('PostgreSQL is missing: no /usr/lib/postgresql/*/bin/initdb (.ci/run installs the postgresql package)')
    })
  })
} else if (!bin) {
  console.warn('server on PostgreSQL: skipped — no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql to run it)')
  describe.skip('server on PostgreSQL', () => it('needs PostgreSQL'))
} else {
  describe('server on PostgreSQL', () => {
    let cluster: PostgresCluster
    beforeAll(async () => {
      cluster = await startPostgres(bin)
    })
    afterAll(() => cluster?.stop())
    syncSuite({ databaseUrl: () => cluster.database() })

    describe('two instances behind a load balancer, one database', () => {
      let a: TestServer
      let b: TestServer
      let url: string
      beforeAll(async () => {
        url = await cluster.database()
        a = await startTestServer({ databaseUrl: url })
        b = await startTestServer({ databaseUrl: url })
        await a.addCoach('anna')
      })
      afterAll(async () => {
        await a?.close()
        await b?.close()
      })

      it('takes a token, a refresh and the login rate limit of one instance on the other', async () => {
        const tablet = a.client()
        expect((await tablet.login('anna')).status).toBe(200)
        const onB = tablet.at(b.url)
        expect((await onB.pull()).status).toBe(200)
        expect((await onB.refresh()).status).toBe(200)
        for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await (i % 2 ? a : b).client().login('anna', `fout-${i}`)
        expect((await b.client().login('anna')).status).toBe(429)
      })

      it('orders concurrent pushes through both instances into one revision order, keeping every field', async () => {
        a.clock.advance(16 * 60_000) // past the rate limit window of the test before
        b.clock.advance(16 * 60_000)
        const tablet = a.client()
        const laptop = b.client()
        await tablet.login('anna')
        await laptop.login('anna')
        const at = Date.now()
        await tablet.push(tablet.changes({ table: 'coachees', id: 'c-1', scope: 'c-1', fields: { name: { value: 'Sanne', hlc: stamp(at) } } }))
        // Each device one push at a time (as the protocol asks), the two devices at once.
        const edits = async (client: typeof tablet, node: string) => {
          for (let i = 0; i < 20; i++) {
            const answer = await client.push(client.changes({ table: 'markers', id: `m-${i}`, scope: 'c-1', fields: { [`by_${node}`]: { value: i, hlc: stamp(at + i, node) } } }))
            expect(answer.body).toMatchObject({ rejected: [] })
          }
        }
        await Promise.all([edits(tablet, 'tablet'), edits(laptop, 'laptop')])
        const fresh = b.client()
        await fresh.login('anna')
        const { rows } = await fresh.pullAll(0, 7)
        const markers = rows.filter((r) => r.table === 'markers')
        expect(markers).toHaveLength(20)
        expect(markers.every((m) => m.fields.by_tablet && m.fields.by_laptop)).toBe(true)
        const revs = rows.map((r) => r.rev)
        expect(new Set(revs).size).toBe(revs.length)
        expect(revs).toEqual([...revs].sort((x, y) => x - y))
      })

      it('keeps answering when the database drops its idle connections (a restart, a failover)', async () => {
        const tablet = a.client()
        await tablet.login('anna')
        expect((await tablet.pull()).status).toBe(200)
        const admin = new pg.Client({ connectionString: url })
        await admin.connect()
        const { rowCount } = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')
        await admin.end()
        expect(rowCount).toBeGreaterThan(0)
        await new Promise((resolve) => setTimeout(resolve, 200))
        expect((await tablet.pull()).status).toBe(200)
      })
    })
  })
}
