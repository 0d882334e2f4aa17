// A browser check of opfs.ts, outside the e2e suite: `npx tsx src/media/harness/run.ts`.
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import { createServer } from 'vite'
import { chromiumLaunchOptions } from '../../../scripts/chromium'

const server = await createServer({ root: fileURLToPath(new URL('.', import.meta.url)), configFile: false, logLevel: 'error', server: { port: 0, host: '127.0.0.1' } })
await server.listen()
const browser = await chromium.launch(chromiumLaunchOptions())
try {
  const page = await browser.newPage()
  await page.goto(server.resolvedUrls?.local[0] ?? '')
  const result = await page.evaluate(() => (window as unknown as { result: Promise<Record<string, unknown>> }).result)
  console.log(JSON.stringify(result))
  const ok = result.noSpace === true && result.reached === result.storedAfterDrop && result.state === 'done' && result.identical === true
  process.exitCode = ok ? 0 : 1
} finally {
  await browser.close()
  await server.close()
}
