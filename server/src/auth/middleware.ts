/**
 * The signed-in device from `Authorization: Bearer <access token>`. The device and coach are read on
 * every request, so a revoke or a disabled account takes effect at once, on every instance.
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../context'
import type { Db } from '../db/database'
import { ApiError } from '../errors'
import type { AccessTokens } from './tokens'

/** last_seen_at is written at most this often, not on every request. */
const LAST_SEEN_RESOLUTION_MS = 60_000

export function requireDevice(db: Db, tokens: AccessTokens, now: () => number) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const match = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')
    if (!match) throw new ApiError('tokenInvalid', 'sign in first: no access token')
    const claims = await tokens.verify(match[1]!)
    const device = await db
      .selectFrom('devices')
      .innerJoin('coaches', 'coaches.id', 'devices.coach_id')
      .select(['devices.revoked_at', 'devices.last_seen_at', 'coaches.disabled_at', 'coaches.username'])
      .where('devices.id', '=', claims.deviceId)
      .where('devices.coach_id', '=', claims.coachId)
      .executeTakeFirst()
    if (!device) throw new ApiError('tokenInvalid', 'no such device')
    if (device.revoked_at !== null) throw new ApiError('deviceRevoked', 'this device was revoked')
    if (device.disabled_at !== null) throw new ApiError('userDisabled', 'this account is disabled')
    const at = now()
    if (device.last_seen_at === null || at - device.last_seen_at >= LAST_SEEN_RESOLUTION_MS) {
      // Only a hint for the device list: a full disk must not stop a device from pulling its data.
      await db
        .updateTable('devices')
        .set({ last_seen_at: at })
        .where('id', '=', claims.deviceId)
        .execute()
        .catch((e: unknown) => console.warn(`last seen of device ${claims.deviceId} not written:`, e instanceof Error ? e.message : e))
    }
    c.set('device', { ...claims, username: device.username })
    await next()
  })
}
