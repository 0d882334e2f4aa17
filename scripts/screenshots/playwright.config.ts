import { defineConfig } from '@playwright/test'
import base from '../../playwright.config'

// `npm run screenshots`: the e2e set-up (E2E_DIST, E2E_PORT), but only the screenshot walk, never part of `npm test`.
export default defineConfig({
  ...base,
  testDir: '.',
  outputDir: '../../test-results/screenshots',
  timeout: 600_000,
  webServer: { ...(base.webServer as object), cwd: '../..' } as typeof base.webServer,
})
