/**
 * Signing in (a coach's tablet becomes a device), refreshing with a rotating refresh token and the
 * device-key proof, and the login rate limit — kept in the database, as every instance must see it.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { JWK } from 'jose'
import { ApiError } from '../errors'
import type { Db } from '../db/database'
import type { LoginRequest, LoginResponse, RefreshRequest, RefreshResponse } from '../../../src/sync/protocol'
import { normalUsername, revokeDevice } from './accounts'
import { checkPassword } from './passwords'
import { checkRefreshProof, hashRefreshToken, newRefreshToken, type AccessTokens } from './tokens'

export const LOGIN_WINDOW_MS = 15 * 60_000
export const LOGIN_MAX_FAILURES = 10
/** A refresh token unused this long expires: a tablet left in a cupboard over the summer still signs in. */
export const REFRESH_TTL_MS = 180 * 24 * 3600_000
/**
 * A rotated token presented again this soon, while its successor was never used, is the device
 * retrying after the answer got lost — not theft: it gets a fresh pair instead of a revoked device.
 */
export const REFRESH_RETRY_MS = 60_000

export function sessions(db: Db, tokens: AccessTokens, now: () => number) {
  async function checkRateLimit(username: string, at: number): Promise<void> {
    const row = await db.selectFrom('login_attempts').selectAll().where('username', '=', username).executeTakeFirst()
    if (!row || row.failures < LOGIN_MAX_FAILURES || row.window_start <= at - LOGIN_WINDOW_MS) return
    const retryAfter = Math.ceil((row.window_start + LOGIN_WINDOW_MS - at) / 1000)
    throw new ApiError('tooManyAttempts', `too many failed sign-ins for this username; try again in ${retryAfter} s`, { 'Retry-After': String(retryAfter) })
  }

  async function countFailure(username: string, at: number): Promise<void> {
    // Windows that ran out count for nothing: names sprayed by a guesser do not pile up.
    await db.deleteFrom('login_attempts').where('window_start', '<=', at - LOGIN_WINDOW_MS).execute()
    // One statement, so failures from several instances at once all count.
    await db
      .insertInto('login_attempts')
      .values({ username, window_start: at, failures: 1 })
      .onConflict((oc) =>
        oc.column('username').doUpdateSet({
          failures: sql`case when login_attempts.window_start <= ${at - LOGIN_WINDOW_MS} then 1 else login_attempts.failures + 1 end`,
          window_start: sql`case when login_attempts.window_start <= ${at - LOGIN_WINDOW_MS} then ${at} else login_attempts.window_start end`,
        }),
      )
      .execute()
  }

  return {
    async login(request: LoginRequest): Promise<LoginResponse> {
      const at = now()
      const username = normalUsername(request.username)
      await checkRateLimit(username, at)
      const coach = await db.selectFrom('coaches').selectAll().where('username', '=', username).executeTakeFirst()
      if (!(await checkPassword(coach?.password_hash, request.password)) || !coach) {
        await countFailure(username, at)
        throw new ApiError('badCredentials', 'wrong username or password')
      }
      if (coach.disabled_at !== null) throw new ApiError('userDisabled', 'this account is disabled')
      const deviceId = randomUUID()
      const refreshToken = await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('login_attempts').where('username', '=', username).execute()
        await trx
          .insertInto('devices')
          .values({ id: deviceId, coach_id: coach.id, name: request.device.name, public_key: JSON.stringify(request.device.publicKey), created_at: at, last_seen_at: at, revoked_at: null, acked_seq: 0 })
          .execute()
        const refreshToken = newRefreshToken()
        await trx.insertInto('refresh_tokens').values({ hash: hashRefreshToken(refreshToken), device_id: deviceId, created_at: at, rotated_at: null, successor: null }).execute()
        return refreshToken
      })
      const access = await tokens.issue({ coachId: coach.id, deviceId })
      return { ...access, refreshToken, deviceId, coach: { id: coach.id, username: coach.username, displayName: coach.display_name } }
    },

    async refresh(request: RefreshRequest): Promise<RefreshResponse> {
      const at = now()
      const device = await db
        .selectFrom('devices')
        .innerJoin('coaches', 'coaches.id', 'devices.coach_id')
        .select(['devices.id', 'devices.coach_id', 'devices.public_key', 'devices.revoked_at', 'coaches.disabled_at'])
        .where('devices.id', '=', request.deviceId)
        .executeTakeFirst()
      if (!device || !(await checkRefreshProof(JSON.parse(device.public_key) as JWK, request.proof, request.refreshToken, at))) {
        throw new ApiError('refreshInvalid', 'unknown device or a proof that does not hold')
      }
      if (device.revoked_at !== null) throw new ApiError('deviceRevoked', 'this device was revoked')
      if (device.disabled_at !== null) throw new ApiError('userDisabled', 'this account is disabled')
      const outcome = await db.transaction().execute(async (trx) => {
        const hash = hashRefreshToken(request.refreshToken)
        const presented = await trx.selectFrom('refresh_tokens').selectAll().where('hash', '=', hash).executeTakeFirst()
        if (!presented || presented.device_id !== device.id || presented.created_at <= at - REFRESH_TTL_MS) return 'invalid' as const
        const refreshToken = newRefreshToken()
        const successor = hashRefreshToken(refreshToken)
        // Rotate only a token still current: of two refreshes racing, one rotates, the other sees it rotated.
        const rotated = await trx.updateTable('refresh_tokens').set({ rotated_at: at, successor }).where('hash', '=', hash).where('rotated_at', 'is', null).executeTakeFirst()
        if (rotated.numUpdatedRows === 0n) {
          const earlier = await trx.selectFrom('refresh_tokens').selectAll().where('hash', '=', hash).executeTakeFirstOrThrow()
          const next = earlier.successor === null ? undefined : await trx.selectFrom('refresh_tokens').selectAll().where('hash', '=', earlier.successor).executeTakeFirst()
          const retry = earlier.rotated_at !== null && at - earlier.rotated_at <= REFRESH_RETRY_MS && next !== undefined && next.rotated_at === null
          if (!retry) {
            await revokeDevice(trx, device.id, at)
            return 'reused' as const
          }
          await trx.deleteFrom('refresh_tokens').where('hash', '=', next.hash).execute()
          await trx.updateTable('refresh_tokens').set({ successor }).where('hash', '=', hash).execute()
        }
        await trx.insertInto('refresh_tokens').values({ hash: successor, device_id: device.id, created_at: at, rotated_at: null, successor: null }).execute()
        // A token past its lifetime is refused anyway; its row only served reuse detection until then.
        await trx.deleteFrom('refresh_tokens').where('device_id', '=', device.id).where('rotated_at', '<=', at - REFRESH_TTL_MS).execute()
        await trx.updateTable('devices').set({ last_seen_at: at }).where('id', '=', device.id).execute()
        return refreshToken
      })
      if (outcome === 'invalid') throw new ApiError('refreshInvalid', 'unknown or expired refresh token')
      if (outcome === 'reused') throw new ApiError('deviceRevoked', 'a refresh token was used twice: the device is revoked')
      return { ...(await tokens.issue({ coachId: device.coach_id, deviceId: device.id })), refreshToken: outcome }
    },
  }
}
export type Sessions = ReturnType<typeof sessions>
