/**
 * The class visit's figures: tap → committed marker while the preview runs, preview frames shown
 * per frame sent, main-thread time per frame, received → drawn, and heap growth over a long
 * preview (PREVIEW_MINUTES, default 10).
 */
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions } from '../scripts/chromium'
import { startStaticServer } from '../scripts/serve'
import { startEmulator } from '../emulator/index'

const MINUTES = Number(process.env.PREVIEW_MINUTES ?? 10)

export async function run(): Promise<void> {
  // 3 s of preview encoded once and sent round and round: the emulator's rendering would take the CPU
  // the app needs (on a real visit the camera is another device).
  const camera = await startEmulator({ model: 'theta-x', cors: true, previewLoopFrames: 90 })
  const server = await startStaticServer({ root: 'bench/out' })
  const options = chromiumLaunchOptions()
  const browser = await chromium.launch({ ...options, args: [...(options.args ?? []), '--enable-precise-memory-info'] })
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 } })
    const cdp = await page.context().newCDPSession(page)
    const heapMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage')
      const { usedSize } = await cdp.send('Runtime.getHeapUsage')
      return Math.round((usedSize / 1e6) * 10) / 10
    }
    await page.goto(`${server.url}/visit.html`)
    await page.waitForFunction(() => 'bench' in window)
    await page.evaluate((url) => (window as unknown as { bench: { start(u: string, ms: number): Promise<void> } }).bench.start(url, 500), camera.url)
    await page.waitForTimeout(15_000)
    const heapStart = await heapMb()
    const samples = [heapStart]
    const end = Date.now() + MINUTES * 60_000
    while (Date.now() < end) {
      await page.waitForTimeout(Math.min(60_000, end - Date.now()))
      samples.push(await heapMb())
    }
    const result = await page.evaluate(() => (window as unknown as { bench: { stop(): Promise<unknown> } }).bench.stop())
    console.log(`live preview theta-x 1024×512@30 for ${MINUTES} min, a tap every 500 ms:`)
    console.log(JSON.stringify(result, null, 1))
    console.log(`JS heap after GC: ${heapStart} MB at 15 s → ${samples.at(-1)} MB at the end (growth ${Math.round((samples.at(-1)! - heapStart) * 10) / 10} MB; samples ${samples.join(', ')}) — target < 10 MB`)
  } finally {
    await browser.close()
    await server.close()
    await camera.close()
  }
}
