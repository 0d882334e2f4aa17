// Prints which folders of src/ import which (files per pair), and every pair that imports each other.
// `npx tsx scripts/imports.ts` (add `--no-tests` to leave *.test.ts and testing.ts out). Exits 1 on a mutual pair.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')
const noTests = process.argv.includes('--no-tests')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path)
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

const isTest = (path: string): boolean => /\.test\.ts$|[/\\]testing\.ts$/.test(path)

/** src/stores/x.ts → 'stores'; src/main.ts → '(root)'; emulator/x.ts → '../emulator'. */
function folderOf(path: string): string {
  const inSrc = relative(src, path)
  const isFolder = existsSync(path) && statSync(path).isDirectory() // '../camera' means its index.ts
  if (!inSrc.startsWith('..')) return inSrc.includes(sep) || isFolder ? inSrc.split(sep)[0]! : '(root)'
  return `../${relative(root, path).split(sep)[0] || '(repo)'}`
}

// Static imports and re-exports, `import('…')`, and workers' `new URL('…', import.meta.url)`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g

const pairs = new Map<string, Set<string>>()
for (const file of files(src)) {
  if (noTests && isTest(file)) continue
  const from = folderOf(file)
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const to = folderOf(resolve(dirname(file), specifier!))
    if (to === from) continue
    const key = `${from} → ${to}`
    if (!pairs.has(key)) pairs.set(key, new Set())
    pairs.get(key)!.add(relative(src, file))
  }
}

const keys = [...pairs.keys()].sort()
const width = Math.max(...keys.map((k) => k.length))
for (const key of keys) console.log(`${key.padEnd(width)}  ${pairs.get(key)!.size}`)

const mutual = keys.filter((key) => {
  const [from, to] = key.split(' → ')
  return from! < to! && pairs.has(`${to} → ${from}`)
})
console.log(mutual.length === 0 ? '\nno folders import each other' : '\nimporting each other:')
for (const key of mutual) {
  const [from, to] = key.split(' → ')
  console.log(`  ${from} ↔ ${to}: ${[...pairs.get(key)!, ...pairs.get(`${to} → ${from}`)!].join(', ')}`)
}
process.exitCode = mutual.length === 0 ? 0 : 1
