/**
 * npm run emulator -- --model theta-x|theta-z1|theta-s|theta-s-level1|theta-sc2|theta-sc2b|insta360 [--port 8080] [--host 127.0.0.1]
 *   [--cors] [--no-range] [--moov end|start] [--digest user:password] [--data-dir DIR]
 *   [--mode-switch-ms 1000]
 */
import { parseArgs } from 'node:util'
import { MODEL_IDS, startEmulator, type EmulatorOptions } from './index'
import { isModelId } from './models'

function fail(message: string): never {
  console.error(`${message}\nusage: npm run emulator -- --model ${MODEL_IDS.join('|')} [--port 8080] [--host 127.0.0.1] ` +
    '[--cors] [--no-range] [--moov end|start] [--digest user:password] [--data-dir DIR] [--mode-switch-ms 1000]')
  process.exit(2)
}

function options(): EmulatorOptions {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        model: { type: 'string', default: 'theta-x' },
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        cors: { type: 'boolean', default: false },
        'no-range': { type: 'boolean', default: false },
        moov: { type: 'string', default: 'end' },
        digest: { type: 'string' },
        'data-dir': { type: 'string' },
        'mode-switch-ms': { type: 'string', default: '1000' },
      },
    }))
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err))
  }
  const { model, moov, digest } = values
  if (!isModelId(model)) fail(`unknown model: ${model}`)
  if (moov !== 'end' && moov !== 'start') fail(`--moov must be end or start, not ${moov}`)
  const [user, password] = digest?.split(/:(.*)/s) ?? []
  if (digest !== undefined && (!user || password === undefined)) fail('--digest wants user:password')
  return {
    model,
    port: Number(values.port),
    host: values.host,
    cors: values.cors,
    range: !values['no-range'],
    moov,
    ...(user && password !== undefined ? { digest: { user, password } } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    modeSwitchMs: Number(values['mode-switch-ms']),
  }
}

const opts = options()
const emulator = await startEmulator(opts)
console.log(`OSC emulator (${opts.model}) listening on ${emulator.url}`)
console.log(`  control: ${emulator.url}/_emulator/status`)

const shutdown = () => {
  emulator.close().then(() => process.exit(0), () => process.exit(1))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
