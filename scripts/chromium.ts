import { chromium, type LaunchOptions } from '@playwright/test'
import { existsSync } from 'node:fs'

/**
 * How tests and benchmarks start Chromium: Playwright's own where installed, else Debian's
 * (browsers cannot be downloaded on CI). Quiet flags keep a closed network free of noise.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const bundled = (() => { try { return chromium.executablePath() } catch { return '' } })()
  const executablePath = bundled && existsSync(bundled) ? undefined : existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
  return {
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Software WebGL, so the 360° viewer renders on machines without a GPU.
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  }
}
