import { defineConfig, devices } from '@playwright/test'
import { chromiumLaunchOptions } from './scripts/chromium'

// E2E_PORT / E2E_DIST let two people (or agents) test different builds side by side.
const APP_PORT = Number(process.env.E2E_PORT ?? 4173)
const APP_DIST = process.env.E2E_DIST ?? 'dist'

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: process.env.E2E_DIST ? `test-results/e2e-${process.env.E2E_DIST}` : 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/playwright.json' }]] : [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    // A landscape 11" tablet, touch first.
    viewport: { width: 1180, height: 820 },
    hasTouch: true,
    isMobile: false,
    locale: 'nl-NL',
    serviceWorkers: 'allow',
    launchOptions: chromiumLaunchOptions(),
  },
  webServer: {
    command: `npx tsx scripts/serve.ts --port ${APP_PORT} --root ${APP_DIST}`,
    url: `http://127.0.0.1:${APP_PORT}/app-config.json`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
})
