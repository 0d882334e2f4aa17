// `npm start`: installs what is missing, builds when the sources changed, then starts the camera
// emulator and the app. Plain Node, because on a fresh clone nothing else is installed yet.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const APP_PORT = process.env.PORT ?? '5173'
const CAMERA_PORT = process.env.CAMERA_PORT ?? '8080'
const HOST = process.env.HOST ?? '127.0.0.1'

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

function newest(path) {
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

if (!existsSync('node_modules/.package-lock.json') || newest('package-lock.json') > newest('node_modules/.package-lock.json')) {
  run('npm', ['install', '--no-audit', '--no-fund'])
}
const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json']
if (!existsSync('dist/index.html') || Math.max(...sources.map(newest)) > newest('dist/index.html')) {
  run('npm', ['run', 'build'])
}

const cameraUrl = `http://${HOST}:${CAMERA_PORT}`
const children = [
  spawn('npx', ['tsx', 'emulator/cli.ts', '--model', 'theta-x', '--port', CAMERA_PORT, '--host', HOST, '--cors'], { stdio: 'inherit' }),
  spawn('npx', ['tsx', 'scripts/serve.ts', '--port', APP_PORT, '--host', HOST, '--camera', cameraUrl], { stdio: 'inherit' }),
]
console.log(`\nRondblik: http://${HOST}:${APP_PORT}  (camera emulator: ${cameraUrl})\n`)
const stop = () => { for (const child of children) child.kill('SIGTERM'); process.exit(0) }
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const child of children) child.on('exit', (code) => { if (code) stop() })
