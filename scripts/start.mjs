// `npm start`: installs what is missing, builds when the sources changed, then starts the camera
// emulator and the app. Plain Node, because on a fresh clone nothing else is installed yet.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { installIfNeeded, newest, run } from './install.mjs'

const APP_PORT = process.env.PORT ?? '5173'
const CAMERA_PORT = process.env.CAMERA_PORT ?? '8080'
const HOST = process.env.HOST ?? '127.0.0.1'

installIfNeeded()
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
