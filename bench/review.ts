/**
 * Review: tap on a marker → its frame shown (median, p95), with the app's player over a whole
 * imported file and over fragments (where a jump may change file).
 */
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions } from '../scripts/chromium'
import { startStaticServer } from '../scripts/serve'
import { startEmulator } from '../emulator/index'

const JUMPS = 40
const CLIP_SEC = 120
const WINDOWS: [number, number][] = [[10, 30], [50, 70], [95, 115]]

type Bench = {
  prepare(cameraUrl: string, fileUrl: string, mode: 'full' | 'fragments', windows: [number, number][]): Promise<unknown>
  mount(): void
  jumps(files: unknown, moments: number[]): Promise<Record<string, number>>
  maskCost(width: number, height: number, rounds: number, draws: number): Record<string, number>
}

/** Moments far apart, as a coach taps markers across the lesson (a fixed sequence: comparable runs). */
function moments(windows: [number, number][]): number[] {
  return Array.from({ length: JUMPS }, (_, i) => {
    const [from, to] = windows[(i * 7) % windows.length]!
    return from + 2 + ((i * 7.3) % (to - from - 4))
  })
}

export async function run(): Promise<void> {
  const camera = await startEmulator({ model: 'theta-x', cors: true, modeSwitchMs: 0 })
  const server = await startStaticServer({ root: 'bench/out' })
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const [fileUrl = ''] = (await camera.seed({ durationSec: CLIP_SEC })).fileUrls
    for (const mode of ['full', 'fragments'] as const) {
      const page = await browser.newPage({ viewport: { width: 1000, height: 600 } })
      await page.goto(`${server.url}/review.html`)
      await page.waitForFunction(() => 'bench' in window)
      const result = await page.evaluate(async ([cam, file, m, windows, at]) => {
        const bench = (window as unknown as { bench: Bench }).bench
        const files = await bench.prepare(cam, file, m, windows)
        bench.mount()
        await new Promise((resolve) => setTimeout(resolve, 1000))
        return bench.jumps(files, at)
      }, [camera.url, fileUrl, mode, WINDOWS, mode === 'full' ? moments([[0, CLIP_SEC]]) : moments(WINDOWS)] as const)
      console.log(`tap on a marker → its frame drawn, ${mode === 'full' ? 'whole file' : `${WINDOWS.length} fragments (a jump may change file)`}, ${JUMPS} jumps: ` +
        `median ${result.p50} ms, p95 ${result.p95} ms, max ${result.max} ms, missed ${result.missed}`)
      if (mode === 'full') {
        const [w, h] = [1180, 640]
        const cost = await page.evaluate(([width, height]) => (window as unknown as { bench: Bench }).bench.maskCost(width, height, 3, 10), [w, h] as const)
        const f = (name: string) => cost[name]!.toFixed(1)
        console.log(`parts of the room kept out of view, ms per ${w}×${h} draw + read-back of the video frame: none ${f('none')}, one ${f('one')}, eight ${f('eight')}`)
      }
      await page.close()
    }
  } finally {
    await browser.close()
    await server.close()
    await camera.close()
  }
}
