// Prints the message keys of src/i18n/nl.ts that no source file names, and exits 1 when there are any.
// `npx tsx scripts/i18n-unused.ts`. A key counts as used when its full name is a string in src/
// ('visit.pearl'), or when a template string starts with one of its parents (`media.errors.${code}`)
// — so keys chosen by a code at run time are never reported.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import nl from '../src/i18n/nl'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return path === join(src, 'i18n') ? [] : files(path)
    return /\.(ts|vue)$/.test(name) ? [path] : []
  })
}

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([name, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${name}.`) : [`${prefix}${name}`])
}

const text = [...files(src), join(src, 'i18n', 'format.ts')].map((path) => readFileSync(path, 'utf8')).join('\n')
const named = new Set([...text.matchAll(/['"`]([A-Za-z][\w-]*(?:\.[\w-]+)+)['"`]/g)].map((m) => m[1]!))
const prefixes = [...text.matchAll(/`([A-Za-z][\w-]*(?:\.[\w-]+)*\.)\$\{/g)].map((m) => m[1]!)

const unused = keys(nl).filter((key) => !named.has(key) && !prefixes.some((prefix) => key.startsWith(prefix)))
for (const key of unused) console.log(key)
console.log(unused.length ? `\n${unused.length} unused message keys` : 'every message key is used')
process.exit(unused.length ? 1 : 0)
