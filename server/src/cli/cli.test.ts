import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './cli'

describe('the admin CLI', () => {
  let dir: string
  const cli = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const lines: string[] = []
    const code = await runCli(args, env, (line) => lines.push(line))
    return { code, out: lines.join('\n') }
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rondblik-cli-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('says what is wrong instead of guessing: unknown commands and flags, missing values', async () => {
    expect(await cli(['user', 'remove', '--data', join(dir, 'typo')])).toMatchObject({ code: 2, out: expect.stringContaining('unknown command "user remove"') })
    expect(existsSync(join(dir, 'typo'))).toBe(false)
    expect(await cli(['user', 'add', '--data', dir, '--usr', 'x'])).toMatchObject({ code: 2, out: expect.stringContaining('unknown argument --usr') })
    expect(await cli(['user', 'add', '--data', dir, '--username'])).toMatchObject({ code: 2, out: expect.stringContaining('--username needs a value') })
    expect(await cli(['user', 'list'])).toMatchObject({ code: 2, out: expect.stringContaining('--data DIR is required') })
    expect(await cli(['user', 'add', '--data', dir, '--username', 'an na', '--password', 'lang-genoeg'])).toMatchObject({ code: 2, out: expect.stringContaining('use letters, digits') })
    expect(await cli(['user', 'disable', '--data', dir, '--username', 'niemand'])).toMatchObject({ code: 2, out: expect.stringContaining('no coach "niemand"') })
  })

  it("transfers a coach's coachees only between two different coaches that exist", async () => {
    for (const username of ['els', 'fred']) expect((await cli(['user', 'add', '--data', dir, '--username', username, '--password', 'lang-genoeg'])).code).toBe(0)
    expect(await cli(['coachees', 'transfer', '--data', dir, '--from', 'els', '--to', 'fred'])).toMatchObject({ code: 0, out: '0 coachees of els now belong to fred' })
    expect(await cli(['coachees', 'transfer', '--data', dir, '--from', 'els', '--to', 'els'])).toMatchObject({ code: 2, out: expect.stringContaining('the same coach') })
    expect(await cli(['coachees', 'transfer', '--data', dir, '--from', 'els', '--to', 'gijs'])).toMatchObject({ code: 2, out: expect.stringContaining('no coach "gijs"') })
  })

  it('backs up SQLite to a new file only, and points to pg_dump on PostgreSQL', async () => {
    expect((await cli(['user', 'add', '--data', dir, '--username', 'anna', '--password', 'lang-genoeg'])).code).toBe(0)
    const taken = join(dir, 'bestaat.sqlite')
    await writeFile(taken, 'mijn belangrijke bestand')
    expect(await cli(['backup', '--data', dir, '--to', taken])).toMatchObject({ code: 2, out: expect.stringContaining('exists already') })
    expect(await cli(['backup', '--data', join(dir, 'leeg'), '--to', join(dir, 'x.sqlite')])).toMatchObject({ code: 2, out: expect.stringContaining('no database in') })
    expect(await cli(['backup', '--data', dir, '--to', join(dir, 'copy.sqlite')])).toMatchObject({ code: 0, out: expect.stringContaining('backed up') })
    expect(await cli(['backup', '--data', dir, '--to', join(dir, 'pg.sqlite')], { RONDBLIK_DATABASE_URL: 'postgres://x/y' })).toMatchObject({ code: 2, out: expect.stringContaining('pg_dump') })
  })
})
