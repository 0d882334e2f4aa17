/**
 * A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temp folder, listening on
 * 127.0.0.1 at a free port, one fresh database per server under test. As root it runs as the
 * `postgres` user (PostgreSQL refuses to run as root).
 */
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freePort } from './harness'

/** The newest installed server binaries (Debian: /usr/lib/postgresql/<major>/bin), or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const majors = readdirSync(root).filter((d) => existsSync(join(root, d, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
  return majors[0] && join(root, majors[0], 'bin')
}

export interface PostgresCluster {
  /** A new empty database on the cluster. */
  database(): Promise<string>
  stop(): Promise<void>
}

export async function startPostgres(bin: string): Promise<PostgresCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'rondblik-pg-'))
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }))
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }))
    chownSync(dir, uid, gid)
  }
  const run = (tool: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, tool), args, { stdio: 'pipe' })
  const data = join(dir, 'data')
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  const port = await freePort()
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start'])
  const base = `postgres://postgres@127.0.0.1:${port}`
  let count = 0
  return {
    async database() {
      const name = `rondblik_${process.pid}_${++count}`
      const admin = new pg.Client({ connectionString: `${base}/postgres` })
      await admin.connect()
      await admin.query(`create database ${name}`)
      await admin.end()
      return `${base}/${name}`
    },
    async stop() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      await rm(dir, { recursive: true, force: true })
    },
  }
}
