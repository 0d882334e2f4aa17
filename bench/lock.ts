/** The app lock's unlock time in Chromium (issue 11): PBKDF2-SHA-256 600 000 + unwrap + the attempt count. */
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions } from '../scripts/chromium'
import { startStaticServer } from '../scripts/serve'

export async function run(): Promise<void> {
  const server = await startStaticServer({ root: 'bench/out' })
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const page = await browser.newPage()
    await page.goto(`${server.url}/lock.html`)
    await page.waitForFunction(() => 'bench' in window)
    const s = await page.evaluate(() => (window as unknown as { bench: { unlock(n: number): Promise<{ unlock: unknown; derive: unknown }> } }).bench.unlock(10))
    console.log(`unlock (fresh keyring: read, count the try, PBKDF2-SHA-256 600 000, check, AES-KW unwrap, clear the count): ${JSON.stringify(s.unlock)} ms`)
    console.log(`  of which the PBKDF2 derivation alone: ${JSON.stringify(s.derive)} ms`)
  } finally {
    await browser.close()
    await server.close()
  }
}
