/**
 * Drives the viewer harness in a real Chromium (software WebGL): drag, zoom, keys, double tap,
 * idle renders, context loss, video, and the live-preview figures. Run from the repo root:
 *   npx tsx src/viewer/harness/viewer.check.ts
 * Screenshots go to /tmp/rondblik-viewer/.
 */
import { chromium, type Page } from '@playwright/test'
import { createServer } from 'vite'

const PORT = 5199
const OUT = '/tmp/rondblik-viewer'
const ROOT = new URL('../../../', import.meta.url).pathname
const START = { yaw: 0, pitch: 0, fov: 75 }
// A point just off the centre: the centre itself sits on the test picture's black 0° and equator lines.
const PROBE = { x: 480 + 40, y: 270 - 40 }

const results: { name: string; ok: boolean; detail: string }[] = []
function check(name: string, ok: boolean, detail: unknown): void {
  const r = { name, ok, detail: typeof detail === 'string' ? detail : JSON.stringify(detail) }
  results.push(r)
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}  ${r.detail}`)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function hue([r, g, b]: [number, number, number]): number {
  const max = Math.max(r, g, b)
  const min = Math.min(r, g, b)
  if (max === min) return NaN
  const d = max - min
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4
  return (h * 60 + 360) % 360
}

const stats = (page: Page) => page.evaluate(() => window.harness!.viewer.stats())
const view = (page: Page) => page.evaluate(() => window.harness!.viewer.getView())

/** Renders during `ms` with nothing happening: must be 0. */
async function idleRenders(page: Page, ms: number): Promise<number> {
  const before = (await stats(page)).renders
  await sleep(ms)
  return (await stats(page)).renders - before
}

/** Hue under the probe point in a fresh screenshot, saved as `name`. */
async function probeHue(page: Page, name: string): Promise<number> {
  const png = await page.locator('#viewer').screenshot({ path: `${OUT}/${name}.png` })
  return hue(await page.evaluate(([b64, x, y]) => window.harness!.pixelOf(b64, x, y), [png.toString('base64'), PROBE.x, PROBE.y] as const))
}

/** page.evaluate has no time limit of its own: a stuck promise in the page must not hang the check. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

const near = (a: number, b: number, tolerance: number) => Math.abs(((a - b + 540) % 360) - 180) <= tolerance

const server = await createServer({
  root: ROOT,
  cacheDir: '/tmp/rondblik-viewer/vite-cache',
  logLevel: 'warn',
  server: { port: PORT, strictPort: true, host: '127.0.0.1' },
  optimizeDeps: { entries: ['src/viewer/harness/harness.html'] },
})
await server.listen()
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
})
try {
  const page = await browser.newPage({ viewport: { width: 1180, height: 820 }, deviceScaleFactor: 1, hasTouch: true })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} ${m.location().url}`))
  await page.goto(`http://127.0.0.1:${PORT}/src/viewer/harness/harness.html`)
  await page.waitForFunction(() => (window.harness?.viewer.stats().renders ?? 0) > 0, null, { timeout: 60_000 })

  await sleep(300)
  check('idle: no renders in 2 s after the first frame', (await idleRenders(page, 2000)) === 0, await stats(page))
  const startHue = await probeHue(page, 'start')
  check('start view shows yaw 0 (cyan, hue ≈ 180)', near(startHue, 180, 20), startHue)

  await page.mouse.move(480, 270)
  await page.mouse.down()
  await page.mouse.move(680, 320, { steps: 10 })
  await page.mouse.up()
  const dragged = await view(page)
  check('drag right and down looks left and up', dragged.yaw < -5 && dragged.pitch > 2, dragged)
  await sleep(1500)
  check('inertia stops: no renders after it', (await idleRenders(page, 1000)) === 0, await view(page))

  await page.evaluate(() => window.harness!.viewer.setView({ yaw: 90, pitch: 0, fov: 75 }))
  await sleep(200)
  check('yaw 90 shows the picture three quarters across (hue ≈ 270)', near(await probeHue(page, 'yaw90'), 270, 20), await view(page))

  // Parts of the room kept out of view: black in their yaw range, also across the back seam.
  const probePixel = async (name: string) => {
    const png = await page.locator('#viewer').screenshot({ path: `${OUT}/${name}.png` })
    return page.evaluate(([b64, x, y]) => window.harness!.pixelOf(b64, x, y), [png.toString('base64'), PROBE.x, PROBE.y] as const)
  }
  const black = ([r, g, b]: [number, number, number]) => r + g + b < 30
  await page.evaluate(() => window.harness!.viewer.setHiddenSectors([{ fromYaw: 60, toYaw: 120 }]))
  await sleep(200)
  check('a hidden sector 60°–120° is black at yaw 90', black(await probePixel('hidden-90')), await view(page))
  await page.evaluate(() => { window.harness!.viewer.setHiddenSectors([{ fromYaw: 350, toYaw: 10 }]); window.harness!.viewer.setView({ yaw: 0, pitch: 0, fov: 75 }) })
  await sleep(200)
  check('a sector 350° → 10° is black at yaw 0', black(await probePixel('hidden-seam')), await view(page))
  await page.evaluate(() => window.harness!.viewer.setView({ yaw: 90, pitch: 0, fov: 75 }))
  await sleep(200)
  check('… and leaves yaw 90 as it was (hue ≈ 270)', near(await probeHue(page, 'hidden-seam-90'), 270, 20), await view(page))
  // The mask's cost, a figure (not a check): whole draws (1920×1080, read back) with no sector, one,
  // and all eight (none in view, so every pixel tests them all), alternated in the same page.
  const drawMs = { none: 0, one: 0, eight: 0 }
  const eight = Array.from({ length: 8 }, (_, i) => ({ fromYaw: 200 + i * 10, toYaw: 205 + i * 10 }))
  for (let round = 0; round < 2; round++) {
    for (const [key, sectors] of [['none', []], ['one', eight.slice(0, 1)], ['eight', eight]] as const) {
      drawMs[key] += await page.evaluate((hidden) => {
        window.harness!.viewer.setHiddenSectors(hidden)
        const start = performance.now()
        for (let i = 0; i < 20; i++) window.harness!.viewer.snapshot(1920, 1080)
        return (performance.now() - start) / 20 / 2
      }, sectors)
    }
  }
  await page.evaluate(() => window.harness!.viewer.setHiddenSectors([]))
  console.log(`     hidden sectors, ms per 1920×1080 draw + read-back (software WebGL): none ${drawMs.none.toFixed(1)}, one ${drawMs.one.toFixed(1)}, eight ${drawMs.eight.toFixed(1)}`)

  await page.mouse.dblclick(480, 270)
  await sleep(1200)
  const reset = await view(page)
  check('double click returns to the start view', Math.abs(reset.yaw) < 0.5 && Math.abs(reset.pitch) < 0.5 && Math.abs(reset.fov - 75) < 0.5, reset)

  await page.mouse.wheel(0, 400)
  await sleep(200)
  const zoomed = await view(page)
  check('wheel down zooms out within the limit', zoomed.fov > 75 && zoomed.fov <= 100, zoomed)

  // Two fingers spreading apart, sent as real touch input (Playwright's touchscreen only taps).
  const cdp = await page.context().newCDPSession(page)
  const fingers = (spread: number) => [{ x: 480 - spread, y: 270, id: 0 }, { x: 480 + spread, y: 270, id: 1 }]
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(50) })
  for (let spread = 60; spread <= 150; spread += 10) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(spread) })
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
  await sleep(200)
  const pinched = await view(page)
  check('pinch: spreading two fingers zooms in (tan(fov/2) ∝ 1/spread)', pinched.fov < zoomed.fov - 20 && pinched.fov >= 30, pinched)

  await page.locator('#viewer').focus()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('-')
  await sleep(100)
  const keyed = await view(page)
  check('arrow right turns right, minus zooms out', keyed.yaw > 0 && keyed.fov > pinched.fov, keyed)

  const turned = await within(10_000, page.evaluate(() => window.harness!.turnAcrossSeam()))
  check('animated turn 170 → −170 goes the short way across 180', turned.length >= 1 && turned.every((y) => Math.abs(y) >= 169.9) && turned.at(-1) === -170, { steps: turned.length, last: turned.at(-1) })

  await page.evaluate(() => window.harness!.loseContext())
  await page.waitForFunction(() => window.harness!.state() === 'lost')
  await page.evaluate(() => window.harness!.restoreContext())
  await page.waitForFunction(() => window.harness!.state() === 'ready')
  await page.evaluate(() => window.harness!.viewer.setView({ yaw: 90, pitch: 0, fov: 75 }))
  await sleep(300)
  check('after a lost and restored context the last frame is back (hue ≈ 270)', near(await probeHue(page, 'restored'), 270, 20), await page.evaluate(() => window.harness!.state()))

  // Before the preview bench: after it, this headless Chromium fired no video frame callbacks at all
  // for a new video in the same page (the harness's own counter included).
  const video = await within(120_000, page.evaluate(() => window.harness!.benchVideo()))
  // Draws are coalesced per animation frame, so they never outnumber the video's frames.
  check(
    'video: one draw per video frame callback while playing, none while paused',
    video.playing > 0 && video.playing <= video.videoFps + 2 && Math.abs(video.playing - video.callbacksPerSecond) <= 1.5 && video.paused === 0,
    video,
  )
  await page.locator('#viewer').screenshot({ path: `${OUT}/video.png` })

  const preview = await within(60_000, page.evaluate(() => window.harness!.benchPreview(150, 30)))
  // Software WebGL draws far fewer than 30 frames a second here: what must hold is one upload per draw,
  // every decoded bitmap drawn or closed unseen (the newest may still wait for its draw).
  check(
    'live preview 1024×512 at 30 fps: one upload per draw, every bitmap drawn or skipped',
    preview.framesUploaded === preview.renders && preview.decoded - (preview.framesUploaded + preview.framesSkipped) <= 1 && preview.latencyP95 < 1000,
    preview,
  )
  const draw = await within(30_000, page.evaluate(() => window.harness!.benchDraw(60)))
  check('draws without a new frame (input)', draw.renders === 60, draw)
  check('idle after the preview stops', (await idleRenders(page, 1000)) === 0, '')

  check('no errors on the page', errors.length === 0, errors)
  console.log('\nfigures:', JSON.stringify({ preview, draw, video }, null, 2))
} finally {
  await browser.close()
  await server.close()
}

const failed = results.filter((r) => !r.ok)
if (failed.length) throw new Error(`${failed.length} viewer check(s) failed`)
