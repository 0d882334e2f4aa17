/**
 * Access tokens (short-lived JWTs, HS256) and refresh tokens (random, stored only as hashes). The
 * signing secret lives in the database, so every server instance signs and checks the same tokens.
 */
import { createHash, randomBytes } from 'node:crypto'
import { errors, importJWK, jwtVerify, SignJWT, type JWK } from 'jose'
import { ApiError } from '../errors'
import type { Db } from '../db/database'
import { PROOF_MAX_AGE_S } from '../../../src/sync/protocol'

export const ACCESS_TOKEN_TTL_MS = 15 * 60_000
const SECRET_KEY = 'accessTokenSecret'

/** The shared secret: the first instance to start creates it, every other one reads it. */
export async function loadSigningSecret(db: Db): Promise<Uint8Array> {
  await db
    .insertInto('settings')
    .values({ key: SECRET_KEY, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const row = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow()
  return Buffer.from(row.value, 'base64url')
}

export interface AccessClaims {
  coachId: string
  deviceId: string
}

export function accessTokens(secret: Uint8Array, now: () => number) {
  return {
    async issue({ coachId, deviceId }: AccessClaims): Promise<{ accessToken: string; accessExpiresAt: number }> {
      // JWT times are whole seconds: the expiry told to the client is exactly the token's own.
      const issuedAt = Math.floor(now() / 1000)
      const expiresAt = issuedAt + ACCESS_TOKEN_TTL_MS / 1000
      const accessToken = await new SignJWT({ dev: deviceId }).setProtectedHeader({ alg: 'HS256' }).setSubject(coachId).setIssuedAt(issuedAt).setExpirationTime(expiresAt).sign(secret)
      return { accessToken, accessExpiresAt: expiresAt * 1000 }
    },
    async verify(token: string): Promise<AccessClaims> {
      try {
        const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], currentDate: new Date(now()) })
        if (typeof payload.sub !== 'string' || typeof payload.dev !== 'string') throw new ApiError('tokenInvalid', 'access token without coach or device')
        return { coachId: payload.sub, deviceId: payload.dev }
      } catch (e) {
        if (e instanceof ApiError) throw e
        if (e instanceof errors.JWTExpired) throw new ApiError('tokenExpired', 'access token expired')
        throw new ApiError('tokenInvalid', 'access token does not hold')
      }
    },
  }
}
export type AccessTokens = ReturnType<typeof accessTokens>

export const newRefreshToken = () => randomBytes(32).toString('base64url')
export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** The device's proof: an ES256 JWS by its own key over `{ refreshToken, iat }`, made within PROOF_MAX_AGE_S. */
export async function checkRefreshProof(publicKey: JWK, proof: string, refreshToken: string, nowMs: number): Promise<boolean> {
  try {
    const key = await importJWK(publicKey, 'ES256')
    const { payload } = await jwtVerify(proof, key, { algorithms: ['ES256'], currentDate: new Date(nowMs) })
    return payload.refreshToken === refreshToken && typeof payload.iat === 'number' && Math.abs(nowMs / 1000 - payload.iat) <= PROOF_MAX_AGE_S
  } catch {
    return false
  }
}
