/** What every route gets: the database and the services over it, and the signed-in device. */
import type { MiddlewareHandler } from 'hono'
import type { Db, Dialect } from './db/database'
import type { AccessTokens } from './auth/tokens'
import type { Sessions } from './auth/sessions'
import type { Grants } from './sync/grants'

/** Set by `requireDevice` on every authenticated request. */
export interface SignedInDevice {
  coachId: string
  deviceId: string
  username: string
}
export interface AppEnv {
  Variables: { device: SignedInDevice }
}

export interface Services {
  db: Db
  dialect: Dialect
  now: () => number
  tokens: AccessTokens
  sessions: Sessions
  grants: Grants
  /** Answers 401 (tokenExpired, tokenInvalid, deviceRevoked, userDisabled) or sets `c.var.device`. */
  requireDevice: MiddlewareHandler<AppEnv>
}
