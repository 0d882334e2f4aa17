/**
 * A server whose disk fills up: a real ENOSPC from a 2 MB tmpfs under the data folder (mounting
 * needs root with CAP_SYS_ADMIN; without it the test is skipped with the reason printed). The push
 * that no longer fits answers storageFull; everything acked before stays; once there is room again,
 * the same push goes through.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, stamp, Client } from './harness'
import { startServer, type RunningServer } from '../src/server'
import { addCoach } from '../src/auth/accounts'
import type { Change } from '../../src/sync/protocol'

function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' })
    return true
  } catch (e) {
    console.warn(`disk-full test: skipped — cannot mount a small tmpfs (needs root with CAP_SYS_ADMIN): ${(e as Error).message.split('\n')[0]}`)
    return false
  }
}

describe('a full disk on the server', () => {
  let root: string
  let mounted = false
  let server: RunningServer | undefined

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'rondblik-full-'))
    mounted = mountTmpfs(root, '2m')
  })
  afterAll(async () => {
    await server?.close()
    if (mounted) execFileSync('umount', [root])
    await rm(root, { recursive: true, force: true })
  })

  it('answers storageFull for a push that does not fit and keeps every acked change', async (ctx) => {
    if (!mounted) return ctx.skip()
    server = await startServer({ dataDir: join(root, 'data'), port: await freePort(), host: '127.0.0.1', distDir: join(root, 'no-dist') }, { log: () => {} })
    await addCoach(server.database.db, { username: 'anna', password: 'geheim-wachtwoord' })
    const tablet = new Client(server.url, Date.now)
    expect((await tablet.login('anna')).status).toBe(200)
    const note = 'x'.repeat(100_000) // 100 kB of nagesprek notes per change
    const at = Date.now()
    const batch = (n: number): Change[] => tablet.changes(...Array.from({ length: 5 }, (_, i) => ({ table: 'coachees' as const, id: `c-${n}-${i}`, scope: `c-${n}-${i}`, fields: { note: { value: note, hlc: stamp(at) } } })))
    let acked = 0
    let full: Awaited<ReturnType<Client['push']>> | undefined
    let failing: Change[] = []
    for (let n = 0; n < 40 && !full; n++) {
      const changes = batch(n)
      const answer = await tablet.push(changes)
      if (answer.status === 200) acked = answer.body.acked
      else {
        full = answer
        failing = changes
      }
    }
    expect(full?.status).toBe(507)
    expect(full?.body.error?.code).toBe('storageFull')
    expect(acked).toBeGreaterThan(0)
    const stored = new Set((await tablet.pullAll()).rows.map((r) => r.id))
    expect(stored.size).toBe(acked)
    expect(stored.has(failing[0]!.id)).toBe(false)

    execFileSync('mount', ['-o', 'remount,size=16m', root])
    const retried = await tablet.push(failing)
    expect(retried.status).toBe(200)
    expect(retried.body.acked).toBe(failing.at(-1)!.seq)
  })
})
