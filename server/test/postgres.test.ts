/**
 * The same sync suite against a real PostgreSQL. In CI (CI=1) a missing PostgreSQL fails loudly
 * (.ci/run installs Debian's `postgresql`); elsewhere the suite is skipped with the reason printed.
 */
import { afterAll, beforeAll, describe, it } from 'vitest'
import { postgresBin, startPostgres, type PostgresCluster } from './postgres'
import { syncSuite } from './sync-suite'

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
  })
}
