// Installs the dependencies when node_modules is missing or older than the lock file. Plain Node,
// because on a fresh clone nothing else is there yet; `npm start` and `npm test` both begin here.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/** The newest modification time in a file or folder tree. */
export function newest(path) {
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

export function installIfNeeded() {
  const marker = 'node_modules/.package-lock.json'
  if (!existsSync(marker) || newest('package-lock.json') > newest(marker)) run('npm', ['install', '--no-audit', '--no-fund'])
}

if (process.argv[1] === fileURLToPath(import.meta.url)) installIfNeeded()
