/**
 * The server and its CLI as the school runs them: child processes on one data folder. The CLI works
 * while the server runs; a server killed (SIGKILL) in the middle of pushes loses nothing it acked.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, freePort, stamp } from './harness'
import type { Change } from '../../src/sync/protocol'

const MAIN = join(import.meta.dirname, '../src/main.ts')

function run(args: string[], stdin?: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d))
    child.stderr.on('data', (d: Buffer) => (out += d))
    child.stdin.end(stdin)
    child.on('close', (code) => resolve({ code, out }))
  })
}

async function startChild(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--data', dataDir, '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('Rondblik server on') && resolve())
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  return child
}

const killed = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)))

// Each CLI run starts Node with tsx (≈ 1 s, more on a busy machine): a dozen of them need time.
describe('server and CLI as processes', { timeout: 180_000 }, () => {
  let dataDir: string
  let port: number
  let server: ChildProcess
  let url: string

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rondblik-process-'))
    port = await freePort()
    url = `http://127.0.0.1:${port}`
    expect((await run(['user', 'add', '--data', dataDir, '--username', 'Eva', '--name', 'Eva de Vries'], 'wachtwoord-van-eva\n')).code).toBe(0)
    server = await startChild(dataDir, port)
  })
  afterAll(async () => {
    server?.kill('SIGKILL')
    if (server) await killed(server)
    await rm(dataDir, { recursive: true, force: true })
  })

  it('adds a coach with the password from stdin, lists, revokes and disables while the server runs', async () => {
    const tablet = new Client(url, Date.now)
    expect((await tablet.login('eva', 'wachtwoord-van-eva', 'tablet van Eva')).status).toBe(200)
    expect((await run(['user', 'list', '--data', dataDir])).out).toMatch(/^eva\tEva de Vries\tadded /m)
    for (const path of [join(dataDir, 'rondblik.sqlite'), join(dataDir, 'video')]) expect((await stat(path)).mode & 0o077, path).toBe(0)
    const devices = await run(['devices', 'list', '--data', dataDir, '--username', 'eva'])
    expect(devices.out).toContain(`${tablet.session!.deviceId}\teva\ttablet van Eva`)
    expect((await run(['devices', 'revoke', '--data', dataDir, '--id', tablet.session!.deviceId])).code).toBe(0)
    expect((await tablet.pull()).body.error?.code).toBe('deviceRevoked')
    expect((await run(['user', 'add', '--data', dataDir, '--username', 'eva', '--password', 'nog-een-keer'])).out).toContain('exists already')
    expect((await run(['user', 'add', '--data', dataDir, '--username', 'fien', '--password', 'kort'])).code).toBe(2)
    expect((await run(['devices', 'revoke', '--data', dataDir])).out).toContain('--id is required')
    expect((await run(['user', 'add', '--data', dataDir, '--username', 'fien', '--password', 'wachtwoord-van-fien'])).code).toBe(0)
    expect((await run(['user', 'password', '--data', dataDir, '--username', 'fien'], 'nieuw-wachtwoord\n')).code).toBe(0)
    expect((await new Client(url, Date.now).login('fien', 'wachtwoord-van-fien')).body.error?.code).toBe('badCredentials')
    const fien = new Client(url, Date.now)
    expect((await fien.login('fien', 'nieuw-wachtwoord')).status).toBe(200)
    expect((await run(['user', 'disable', '--data', dataDir, '--username', 'fien'])).code).toBe(0)
    expect((await fien.pull()).body.error?.code).toBe('deviceRevoked')
    expect((await new Client(url, Date.now).login('fien', 'nieuw-wachtwoord')).body.error?.code).toBe('userDisabled')
    expect((await run(['user', 'enable', '--data', dataDir, '--username', 'fien'])).code).toBe(0)
    expect((await new Client(url, Date.now).login('fien', 'nieuw-wachtwoord')).status).toBe(200)
    expect((await fien.pull()).body.error?.code).toBe('deviceRevoked')
  })

  let tablet: Client
  let cursor = 0

  it('loses nothing it acked when killed in the middle of pushes, and backs up a consistent copy while running', async () => {
    tablet = new Client(url, Date.now)
    expect((await tablet.login('eva', 'wachtwoord-van-eva', 'tweede tablet')).status).toBe(200)
    const at = Date.now()
    const [coachee] = tablet.changes({ table: 'coachees', id: 'c-1', scope: 'c-1', fields: { name: { value: 'Sanne', hlc: stamp(at) } } })
    await tablet.push([coachee])
    const backup = await run(['backup', '--data', dataDir, '--to', join(dataDir, 'backup.sqlite')])
    expect(backup.code).toBe(0)
    expect((await stat(join(dataDir, 'backup.sqlite'))).mode & 0o077).toBe(0)
    const copy = new SQLite(join(dataDir, 'backup.sqlite'), { readonly: true })
    expect(copy.prepare('select count(*) as n from records').get()).toEqual({ n: 1 })
    copy.close()

    let acked = 0
    const sent: Change[] = []
    const pushing = (async () => {
      for (let batch = 0; batch < 1000; batch++) {
        const changes = tablet.changes(
          ...Array.from({ length: 50 }, (_, i) => ({ table: 'markers' as const, id: `m-${batch}-${i}`, scope: 'c-1', fields: { label: { value: 'Parel', hlc: stamp(at + batch) } } })),
        )
        sent.push(...changes)
        const answer = await tablet.push(changes).catch(() => undefined)
        if (!answer) return
        acked = answer.body.acked
      }
    })()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    server.kill('SIGKILL')
    await killed(server)
    await pushing
    expect(acked).toBeGreaterThan(1)

    server = await startChild(dataDir, port)
    const { rows } = await tablet.pullAll()
    const stored = new Set(rows.map((r) => r.id))
    const lost = sent.filter((c) => c.seq <= acked && !stored.has(c.id))
    expect(lost).toEqual([])
    // The batch in flight when it died is either all there or not at all: a resend completes it.
    const unanswered = sent.filter((c) => c.seq > acked)
    expect(unanswered.length).toBeGreaterThan(0)
    const resent = await tablet.push(unanswered.slice(0, 500))
    expect(resent.body).toMatchObject({ acked: unanswered.slice(0, 500).at(-1)!.seq, rejected: [] })
    const pulled = await tablet.pullAll()
    const after = new Set(pulled.rows.map((r) => r.id))
    expect(unanswered.slice(0, 500).filter((c) => !after.has(c.id))).toEqual([])
    cursor = pulled.next
  })

  it('answers a cursor from after the backup with a reset once the backup is restored', async () => {
    server.kill('SIGTERM')
    await killed(server)
    const db = join(dataDir, 'rondblik.sqlite')
    await rm(`${db}-wal`, { force: true })
    await rm(`${db}-shm`, { force: true })
    await copyFile(join(dataDir, 'backup.sqlite'), db)
    server = await startChild(dataDir, port)
    const { body } = await tablet.pull(cursor)
    expect(body).toMatchObject({ reset: true, more: false })
    expect(body.rows.map((r) => r.id)).toEqual(['c-1'])
  })
})
