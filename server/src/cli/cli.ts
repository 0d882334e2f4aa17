/**
 * The admin CLI, on the same data folder (or RONDBLIK_DATABASE_URL) as a running server:
 *   user add --data DIR --username NAME [--password PW | password on stdin] [--name "Display name"]
 *   user password --data DIR --username NAME [--password PW | password on stdin]
 *   user list --data DIR · user disable|enable --data DIR --username NAME
 *   devices list --data DIR [--username NAME] · devices revoke --data DIR --id DEVICE
 *   coachees transfer --data DIR --from NAME --to NAME (a coach who leaves: all their coachees to a colleague)
 *   backup --data DIR --to FILE
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import SQLite from 'better-sqlite3'
import { ConfigError, parseFlags } from '../config'
import { openDatabase, SQLITE_FILE } from '../db/database'
import { migrate } from '../db/migrations'
import { transferCoachees } from '../sync/grants'
import { addCoach, disableCoach, enableCoach, listCoaches, listDevices, normalUsername, revokeDevice, setPassword } from '../auth/accounts'

const COMMANDS = ['user', 'devices', 'coachees', 'backup'] as const
const ACTIONS = ['user add', 'user password', 'user list', 'user disable', 'user enable', 'devices list', 'devices revoke', 'coachees transfer']
export const isCliCommand = (word: string | undefined) => COMMANDS.includes(word as (typeof COMMANDS)[number])

const date = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z'))

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new ConfigError('give --password PW or the password on standard input')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void = console.log): Promise<number> {
  const [command, action] = args
  const rest = command === 'backup' ? args.slice(1) : args.slice(2)
  try {
    const flags = parseFlags(rest, ['data', 'username', 'password', 'name', 'id', 'to', 'from'])
    if (!flags.data && !env.RONDBLIK_DATABASE_URL) throw new ConfigError('--data DIR is required')
    const dataDir = resolve(flags.data ?? '.')
    if (command === 'backup') return await backup(dataDir, env, flags.to, out)
    // Before the database is opened: a typo must not create a data folder.
    if (!ACTIONS.includes(`${command} ${action}`)) throw new ConfigError(`unknown command "${args.slice(0, 2).join(' ')}" (${ACTIONS.join(', ')}, backup)`)
    const database = openDatabase({ dataDir, databaseUrl: env.RONDBLIK_DATABASE_URL || undefined })
    const { db } = database
    try {
      await migrate(db)
      const need = (name: string) => flags[name] ?? Promise.reject(new ConfigError(`--${name} is required`))
      switch (`${command} ${action}`) {
        case 'user add': {
          const username = await need('username')
          const coach = await addCoach(db, { username, password: flags.password ?? (await readStdin()), displayName: flags.name })
          out(`added ${coach.username} (${coach.id})`)
          return 0
        }
        case 'user password': {
          const username = await need('username')
          if (!(await setPassword(db, username, flags.password ?? (await readStdin())))) throw new ConfigError(`no coach "${username}"`)
          out(`new password for ${normalUsername(username)}`)
          return 0
        }
        case 'user list':
          for (const c of await listCoaches(db)) out(`${c.username}\t${c.display_name}\tadded ${date(c.created_at)}${c.disabled_at === null ? '' : `\tdisabled ${date(c.disabled_at)}`}`)
          return 0
        case 'user disable': {
          const username = await need('username')
          if (!(await disableCoach(db, username))) throw new ConfigError(`no coach "${username}"`)
          out(`disabled ${normalUsername(username)} and revoked their devices`)
          return 0
        }
        case 'user enable': {
          const username = await need('username')
          if (!(await enableCoach(db, username))) throw new ConfigError(`no coach "${username}"`)
          out(`enabled ${normalUsername(username)}: they sign in again on each device`)
          return 0
        }
        case 'devices list': {
          const coach = flags.username ? await db.selectFrom('coaches').select('id').where('username', '=', normalUsername(flags.username)).executeTakeFirst() : undefined
          if (flags.username && !coach) throw new ConfigError(`no coach "${flags.username}"`)
          for (const d of await listDevices(db, coach?.id)) {
            out(`${d.id}\t${d.username}\t${d.name}\tsince ${date(d.created_at)}\tlast seen ${date(d.last_seen_at)}${d.revoked_at === null ? '' : `\trevoked ${date(d.revoked_at)}`}`)
          }
          return 0
        }
        case 'devices revoke': {
          const id = await need('id')
          if (!(await revokeDevice(db, id))) throw new ConfigError(`no device ${id} that is not revoked already`)
          out(`revoked ${id}: it is wiped the next time it reaches the server`)
          return 0
        }
        case 'coachees transfer': {
          const coachId = async (flag: string) => {
            const username = normalUsername(await need(flag))
            const coach = await db.selectFrom('coaches').select('id').where('username', '=', username).executeTakeFirst()
            return coach?.id ?? Promise.reject(new ConfigError(`no coach "${username}"`))
          }
          const [from, to] = [await coachId('from'), await coachId('to')]
          if (from === to) throw new ConfigError('--from and --to are the same coach')
          out(`${await transferCoachees(db, from, to)} coachees of ${normalUsername(flags.from!)} now belong to ${normalUsername(flags.to!)}`)
          return 0
        }
        default:
          throw new Error(`no handler for ${command} ${action}`)
      }
    } finally {
      await db.destroy()
    }
  } catch (error) {
    if (!(error instanceof Error)) throw error
    out(`rondblik server ${command ?? ''}: ${error.message}`)
    return 2
  }
}

/** SQLite's online backup: a consistent copy page by page while the server keeps writing. */
async function backup(dataDir: string, env: NodeJS.ProcessEnv, to: string | undefined, out: (line: string) => void): Promise<number> {
  if (env.RONDBLIK_DATABASE_URL) {
    out('on PostgreSQL, back up with pg_dump: pg_dump --format=custom --file=rondblik.dump "$RONDBLIK_DATABASE_URL" (and the S3 bucket with its own tools)')
    return 2
  }
  if (!to) throw new ConfigError('--to FILE is required')
  const sqlitePath = join(dataDir, SQLITE_FILE)
  if (!existsSync(sqlitePath)) throw new ConfigError(`no database in ${dataDir}`)
  const target = resolve(to)
  if (existsSync(target)) throw new ConfigError(`${target} exists already`)
  const source = new SQLite(sqlitePath, { fileMustExist: true })
  try {
    source.pragma('busy_timeout = 5000')
    const { totalPages } = await source.backup(target)
    out(`backed up ${totalPages} pages to ${target}; copy the video folder ${join(dataDir, 'video')} beside it with any file tool`)
    return 0
  } finally {
    source.close()
  }
}
