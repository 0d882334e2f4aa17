/**
 * Several instances as a school runs them at scale: two servers on one PostgreSQL and one S3 bucket
 * (the test stand-in). An upload stalled at one goes on at the other, which waits until the first lets go.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCoach } from '../auth/accounts'
import { startServer, type RunningServer } from '../server'
import { Client, freePort, stamp } from '../../test/harness'
import { postgresBin, startPostgres, type PostgresCluster } from '../../test/postgres'
import { startS3Server, type S3TestServer } from '../../test/s3/s3-server'
import { link, metadataFor, tusUpload } from './testing'

const bin = postgresBin()
const MB = 1024 * 1024

if (!bin && process.env.CI) {
  describe('video on two instances, PostgreSQL and S3', () => {
    it('has PostgreSQL installed', () => {
      throw new Error('PostgreSQL is missing: no /usr/lib/postgresql/*/bin/initdb (.ci/run installs the postgresql package)')
    })
  })
} else if (!bin) {
  console.warn('video on two instances: skipped — no /usr/lib/postgresql/*/bin/initdb')
  describe.skip('video on two instances, PostgreSQL and S3', () => it('needs PostgreSQL'))
} else {
  describe('video on two instances, PostgreSQL and S3', () => {
    let cluster: PostgresCluster
    let s3: S3TestServer
    let a: RunningServer
    let b: RunningServer
    const dir = mkdtempSync(join(tmpdir(), 'rondblik-video-pg-'))

    beforeAll(async () => {
      cluster = await startPostgres(bin)
      const databaseUrl = await cluster.database()
      s3 = await startS3Server({ dir: join(dir, 's3') })
      const env = { RONDBLIK_S3_ENDPOINT: s3.url, RONDBLIK_S3_BUCKET: 'rondblik', RONDBLIK_S3_ACCESS_KEY: s3.accessKeyId, RONDBLIK_S3_SECRET_KEY: s3.secretAccessKey, RONDBLIK_S3_REGION: 'us-east-1' }
      const start = async (name: string) =>
        startServer({ dataDir: join(dir, name), port: await freePort(), host: '127.0.0.1', databaseUrl, distDir: join(dir, 'no-dist') }, { env, log: () => {} })
      a = await start('a')
      b = await start('b')
      await addCoach(a.database.db, { username: 'anna', password: 'geheim-wachtwoord' })
    })
    afterAll(async () => {
      await a?.close()
      await b?.close()
      await s3?.close()
      await cluster?.stop()
      rmSync(dir, { recursive: true, force: true })
    })

    it('an upload stalled at instance A goes on at B and ends byte-identical', async () => {
      const tablet = new Client(a.url, Date.now)
      await tablet.login('anna')
      await tablet.push(tablet.changes({ table: 'coachees', id: 'coachee-1', scope: 'coachee-1', fields: { name: { value: 'Sanne', hlc: stamp(Date.now()) } } }))
      const token = tablet.session!.accessToken
      const wifi = await link(a.url)
      const file = randomBytes(12 * MB + 99)
      wifi.stallAfter(7 * MB)
      const first = tusUpload(wifi.url, { file, metadata: metadataFor(file), token })
      while (wifi.sent() < 7 * MB) await new Promise((resolve) => setTimeout(resolve, 20))
      const path = new URL(first.url()!).pathname
      void first.abort()

      const started = Date.now()
      await tusUpload(b.url, { file, metadata: metadataFor(file), token, uploadUrl: `${b.url}${path}` }).done
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_500)
      const res = await fetch(`${a.url}/api/video/assets/asset-1/content`, { headers: { Authorization: `Bearer ${token}` } })
      expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true)
      await wifi.close()
    })
  })
}
