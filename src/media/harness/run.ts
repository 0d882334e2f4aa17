// A browser check of opfs.ts and the import worker, outside the e2e suite: `npx tsx src/media/harness/run.ts`.
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import { createServer } from 'vite'
import { startEmulator } from '../../../emulator/index'
import { chromiumLaunchOptions } from '../../../scripts/chromium'

const server = await createServer({ root: fileURLToPath(new URL('.', import.meta.url)), configFile: false, logLevel: 'error', server: { port: 0, host: '127.0.0.1' } })
await server.listen()
const cam = await startEmulator({ model: 'theta-x', port: 0, cors: true, modeSwitchMs: 0 })
const browser = await chromium.launch(chromiumLaunchOptions())
try {
  const [clip = ''] = (await cam.seed({ durationSec: 8 })).fileUrls
  const page = await browser.newPage()
  await page.goto(`${server.resolvedUrls?.local[0] ?? ''}?clip=${encodeURIComponent(clip)}`)
  const result = await page.evaluate(() => (window as unknown as { result: Promise<Record<string, unknown>> }).result)
  console.log(JSON.stringify(result))
  const ok = result.noSpace === true && result.fragmentWidth === 1024 && Math.abs(Number(result.fragmentDuration) - 2.5) < 0.2 && result.reached === result.storedAfterDrop && result.state === 'done' && result.pausedState === 'paused' && result.crcMatches === true && result.identical === true
  process.exitCode = ok ? 0 : 1
} finally {
  await browser.close()
  await server.close()
  await cam.close()
}
