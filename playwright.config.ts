import { defineConfig, devices, chromium } from '@playwright/test'
import { existsSync } from 'node:fs'

// Use Playwright's own Chromium where it is installed; otherwise Debian's (CI, this machine).
const bundled = (() => { try { return chromium.executablePath() } catch { return '' } })()
const executablePath = bundled && existsSync(bundled) ? undefined : existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined

export const APP_PORT = 4173

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    // A landscape 11" tablet, touch first.
    viewport: { width: 1180, height: 820 },
    hasTouch: true,
    isMobile: false,
    locale: 'nl-NL',
    serviceWorkers: 'allow',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
      ],
    },
  },
  webServer: {
    command: `npx tsx scripts/serve.ts --port ${APP_PORT}`,
    url: `http://127.0.0.1:${APP_PORT}/app-config.json`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
})
