/**
 * `npm run bench`: builds what the benchmarks load, then prints each benchmark's figures.
 * Figures, not pass/fail: this machine is shared and noisy; compare ratios within one run.
 */
import { execSync } from 'node:child_process'

const only = process.argv.slice(2)
const benches: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  app: () => import('./app'),
  camera: () => import('./camera'),
  visit: () => import('./visit'),
  media: () => import('./media'),
  review: () => import('./review'),
  upload: () => import('./upload'),
  server: () => import('./server'),
  lock: () => import('./lock'),
  'at-rest': () => import('./at-rest'),
  sync: () => import('./sync'),
}

execSync('npx vite build --logLevel warn', { stdio: 'inherit' })
execSync('npx vite build --config bench/vite.config.ts', { stdio: 'inherit' })
for (const [name, load] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue
  console.log(`\n## ${name}`)
  await (await load()).run()
}
