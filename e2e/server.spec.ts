import { expect, test } from '@playwright/test'
import { resolve } from 'node:path'
import { startTestServer, type TestServer } from '../server/test/harness'
import { waitForServiceWorkerControl } from './support/coach'

// The built app served by the school server itself (not scripts/serve.ts): one origin with /api.
let server: TestServer
test.beforeAll(async () => {
  server = await startTestServer({ distDir: resolve(process.env.E2E_DIST ?? 'dist') })
})
test.afterAll(() => server?.close())

test('the school server serves the app: it installs its service worker, opens offline and reaches /api on its own origin', async ({ page, context }) => {
  await page.goto(server.url)
  await expect(page.getByRole('heading', { level: 1, name: 'Coachees' })).toBeVisible()
  await waitForServiceWorkerControl(page)
  const health = await page.evaluate(async () => (await fetch('/api/health')).json())
  expect(health).toMatchObject({ ok: true })

  await context.setOffline(true)
  await page.goto(`${server.url}/settings`)
  await expect(page.getByRole('heading', { level: 1, name: 'Instellingen' })).toBeVisible()
  await context.setOffline(false)
})
