/**
 * The Hono app: `/api/*` (health, auth, devices, sync, and what plugins such as the video routes
 * mount) and the built PWA on the same origin. Every error is JSON with a code from ERROR_CODES.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { sql } from 'kysely'
import type { AppEnv, Services } from './context'
import type { OpenedDatabase } from './db/database'
import { ApiError, errorResponse, toApiError } from './errors'
import { authRoutes } from './auth/routes'
import { requireDevice } from './auth/middleware'
import { sessions } from './auth/sessions'
import { accessTokens, loadSigningSecret } from './auth/tokens'
import { grants } from './sync/grants'
import { syncRoutes } from './sync/routes'
import { appFiles, hasBuiltApp } from './static'
import { PUSH_MAX_BYTES, type HealthResponse } from '../../src/sync/protocol'
import pkg from '../../package.json' with { type: 'json' }

/**
 * Mounts more routes (full paths under /api/, e.g. the video routes) on the app, before the API's
 * 404 and the PWA; `services.requireDevice` gives them the signed-in device.
 */
export type ApiPlugin = (app: Hono<AppEnv>, services: Services) => void

export interface AppDeps {
  database: OpenedDatabase
  /** The built app to serve; none (tests of the API alone) serves only /api. */
  distDir?: string
  plugins?: ApiPlugin[]
  /** The server's clock (tests move it to expire tokens). */
  now?: () => number
  /** Where refused and failed requests are told (console.warn by default). */
  log?: (line: string) => void
}

/** Bodies other than a push are small; tus uploads (plugins) are not limited here. */
const SMALL_BODY_BYTES = 64 * 1024

export async function createServices({ database, now = Date.now }: Pick<AppDeps, 'database' | 'now'>): Promise<Services> {
  const { db, dialect } = database
  const tokens = accessTokens(await loadSigningSecret(db), now)
  return { db, dialect, now, tokens, sessions: sessions(db, tokens, now), grants: grants(db), requireDevice: requireDevice(db, tokens, now) }
}

export async function createApp(deps: AppDeps): Promise<{ app: Hono<AppEnv>; services: Services }> {
  const services = await createServices(deps)
  const log = deps.log ?? console.warn
  const tooLarge = (limit: number) =>
    bodyLimit({ maxSize: limit, onError: () => Promise.reject(new ApiError('bodyTooLarge', `the body is larger than ${limit} bytes`)) })

  const api = new Hono<AppEnv>()
  api.post('/sync/push', tooLarge(PUSH_MAX_BYTES))
  api.on(['POST', 'PUT', 'PATCH'], ['/auth/*', '/devices/*'], tooLarge(SMALL_BODY_BYTES))
  api.get('/health', async (c) => {
    await sql`select 1`.execute(services.db)
    const body: HealthResponse = { ok: true, version: pkg.version }
    return c.json(body)
  })
  api.route('/', authRoutes(services))
  api.route('/sync', syncRoutes(services))
  api.all('*', () => {
    throw new ApiError('notFound', 'no such API route')
  })

  const app = new Hono<AppEnv>()
  // nosniff, no referrer, same-origin framing and resources; HSTS without includeSubDomains, which
  // would bind every other site of the school's domain to HTTPS too.
  app.use(secureHeaders({ strictTransportSecurity: 'max-age=15552000' }))
  for (const plugin of deps.plugins ?? []) plugin(app, services)
  app.onError((error, c) => {
    const apiError =
      error instanceof HTTPException ? new ApiError(error.status === 413 ? 'bodyTooLarge' : error.status === 404 ? 'notFound' : 'invalidRequest', error.message) : toApiError(error)
    // What an admin needs to answer "I cannot sync": who, what, which code. An expired access token is
    // routine (every 15 minutes per device) and not told.
    if (apiError.code !== 'tokenExpired') {
      const who = c.get('device')?.username
      const cause = apiError.code === 'internal' || apiError.code === 'storageFull' ? `\n${error instanceof Error ? error.stack : String(error)}` : ''
      log(`${c.req.method} ${c.req.path} ${apiError.status} ${apiError.code}${who ? ` (${who})` : ''}: ${apiError.message}${cause}`)
    }
    return errorResponse(c, apiError)
  })
  app.route('/api', api)
  if (deps.distDir && hasBuiltApp(deps.distDir)) app.route('/', appFiles(deps.distDir))
  return { app, services }
}
