/** npm run relay -- --camera http://192.168.1.1 [--port 8081] [--host 127.0.0.1] */
import { parseArgs } from 'node:util'
import { startRelay, type RelayOptions } from './index'

const USAGE = 'usage: npm run relay -- --camera http://192.168.1.1 [--port 8081] [--host 127.0.0.1]'

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

function options(): RelayOptions {
  try {
    const { values } = parseArgs({
      options: {
        camera: { type: 'string', default: 'http://192.168.1.1' },
        port: { type: 'string', default: '8081' },
        host: { type: 'string', default: '127.0.0.1' },
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
const relay = await startRelay(opts).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)))
console.log(`camera relay: ${relay.url} → ${opts.camera}`)

const shutdown = () => {
  relay.close().then(() => process.exit(0), () => process.exit(1))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
