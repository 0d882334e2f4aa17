/**
 * The camera relay for a laptop on the camera's Wi-Fi: `npm run relay` (or the one-file bundle,
 * `node rondblik-relay.mjs`). Finds the camera by itself, prints the address to type on the tablet
 * with a QR code, and keeps running through camera restarts and Wi-Fi drops.
 *   [--camera http://192.168.1.1] [--port 8081] [--host 0.0.0.0]
 */
import { parseArgs } from 'node:util'
import { USUAL_CAMERAS, findCamera, tabletAddresses, terminalQr } from './discover'
import { startRelay } from './index'

const USAGE = 'usage: rondblik-relay [--camera http://192.168.1.1] [--port 8081] [--host 0.0.0.0]'
const WATCH_MS = 5000

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

function options() {
  try {
    const { values } = parseArgs({
      options: {
        camera: { type: 'string' },
        port: { type: 'string', default: '8081' },
        host: { type: 'string', default: '0.0.0.0' },
      },
    })
    const port = Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not ${values.port}`)
    return { camera: values.camera, port, host: values.host }
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err))
  }
}

const opts = options()
const candidates = opts.camera ? [opts.camera] : USUAL_CAMERAS
let found = await findCamera(candidates)
const camera = found?.url ?? candidates[0] ?? USUAL_CAMERAS[0]!
if (found) console.log(`Camera gevonden / camera found: ${found.model} (${found.serialNumber}) op ${found.url}`)
else console.log(`Nog geen camera op ${candidates.join(' of ')}. Staat de camera aan en zit deze computer op de wifi van de camera? De relay wacht en kijkt elke 5 seconden.`)

const relay = await startRelay({ camera, port: opts.port, host: opts.host }).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)))
const [address = relay.url, ...others] = tabletAddresses(opts.host, relay.port, camera)
console.log('\nTyp op de tablet bij Instellingen → Adres van de camera / on the tablet, enter as camera address:\n')
console.log(`    ${address}\n`)
console.log(await terminalQr(address))
if (others.length) console.log(`Lukt dat niet, probeer / if that fails, try: ${others.join(', ')}`)
console.log('Laat dit venster open tijdens de les. Stoppen: Ctrl+C.')

// Tell what happens to the camera: it may restart or its Wi-Fi may drop; the relay keeps going.
const watch = setInterval(() => {
  void findCamera([camera]).then((now) => {
    if (!!now === !!found) return
    console.log(now ? `Camera terug / camera back: ${now.model}` : 'Camera weg (uit, of wifi weg) — de relay wacht / camera gone, the relay waits')
    found = now
  })
}, WATCH_MS)

const shutdown = () => {
  clearInterval(watch)
  relay.close().then(() => process.exit(0), () => process.exit(1))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
