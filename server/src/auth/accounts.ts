/** Coaches and their devices: what the admin CLI and the auth routes both work on. */
import { randomUUID } from 'node:crypto'
import type { Db } from '../db/database'
import type { DeviceInfo } from '../../../src/sync/protocol'
import { hashPassword } from './passwords'

export const normalUsername = (username: string) => username.trim().toLowerCase()

function checkNewPassword(password: string): void {
  if (password.length < 8) throw new Error('the password needs at least 8 characters')
}

export async function addCoach(db: Db, input: { username: string; password: string; displayName?: string }, now = Date.now()) {
  const username = normalUsername(input.username)
  if (!/^[a-z0-9._@-]{1,100}$/.test(username)) throw new Error(`username "${input.username}": use letters, digits and . _ @ - (at most 100)`)
  checkNewPassword(input.password)
  const existing = await db.selectFrom('coaches').select('id').where('username', '=', username).executeTakeFirst()
  if (existing) throw new Error(`a coach "${username}" exists already`)
  const coach = { id: randomUUID(), username, display_name: input.displayName?.trim() || username, password_hash: await hashPassword(input.password), created_at: now, disabled_at: null }
  await db.insertInto('coaches').values(coach).execute()
  return coach
}

/** A forgotten password: a new one, and the sign-in lock lifted. Signed-in devices stay signed in. */
export async function setPassword(db: Db, username: string, password: string): Promise<boolean> {
  checkNewPassword(password)
  const name = normalUsername(username)
  const result = await db.updateTable('coaches').set({ password_hash: await hashPassword(password) }).where('username', '=', name).executeTakeFirst()
  await db.deleteFrom('login_attempts').where('username', '=', name).execute()
  return result.numUpdatedRows > 0n
}

export async function listCoaches(db: Db) {
  return db.selectFrom('coaches').select(['id', 'username', 'display_name', 'created_at', 'disabled_at']).orderBy('username').execute()
}

/** A disabled coach can no longer sign in, refresh or sync; their devices are revoked with them. */
export async function disableCoach(db: Db, username: string, now = Date.now()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const coach = await trx.selectFrom('coaches').select('id').where('username', '=', normalUsername(username)).executeTakeFirst()
    if (!coach) return false
    await trx.updateTable('coaches').set({ disabled_at: now }).where('id', '=', coach.id).where('disabled_at', 'is', null).execute()
    const devices = await trx.selectFrom('devices').select('id').where('coach_id', '=', coach.id).where('revoked_at', 'is', null).execute()
    for (const device of devices) await revokeDevice(trx, device.id, now)
    return true
  })
}

/** Signing in works again; the devices revoked by the disable stay revoked (each signs in anew). */
export async function enableCoach(db: Db, username: string): Promise<boolean> {
  const result = await db.updateTable('coaches').set({ disabled_at: null }).where('username', '=', normalUsername(username)).executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function listDevices(db: Db, coachId?: string) {
  let query = db
    .selectFrom('devices')
    .innerJoin('coaches', 'coaches.id', 'devices.coach_id')
    .select(['devices.id', 'devices.name', 'devices.coach_id', 'coaches.username', 'devices.created_at', 'devices.last_seen_at', 'devices.revoked_at'])
  if (coachId) query = query.where('devices.coach_id', '=', coachId)
  return query.orderBy('devices.created_at').execute()
}

export function deviceInfo(row: Awaited<ReturnType<typeof listDevices>>[number], currentId: string): DeviceInfo {
  return { id: row.id, name: row.name, createdAt: row.created_at, lastSeenAt: row.last_seen_at, revokedAt: row.revoked_at, current: row.id === currentId }
}

/** Revokes a device and drops its refresh tokens; its access tokens stop working on the next request. */
export async function revokeDevice(db: Db, deviceId: string, now = Date.now()): Promise<boolean> {
  const result = await db.updateTable('devices').set({ revoked_at: now }).where('id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst()
  await db.deleteFrom('refresh_tokens').where('device_id', '=', deviceId).execute()
  return result.numUpdatedRows > 0n
}
