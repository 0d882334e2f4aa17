/**
 * The tablet as a device of the school server: its non-extractable P-256 key (kept in IndexedDB,
 * which stores a CryptoKey without ever exposing the private part), sign-in, access tokens
 * refreshed with a proof signed by that key, and every request's error as a code.
 */
import { SignJWT } from 'jose'
import type { RondblikDb } from '../db/database'
import { SyncError, type SyncTransport } from './engine'
import { enqueueAll } from './local'
import {
  API_PATHS,
  ERROR_CODES,
  type Coach,
  type DevicesResponse,
  type ErrorBody,
  type ErrorCode,
  type LoginRequest,
  type LoginResponse,
  type PullResponse,
  type PushResponse,
  type RefreshResponse,
  type TokenPair,
} from './protocol'

export interface Account {
  /** The school server's origin, e.g. https://rondblik.school.nl */
  url: string
  deviceId: string
  coach: Coach
  tokens: TokenPair
  /**
   * The server's clock minus the tablet's (from the Date header of its answers): token expiry and
   * the proof's iat are reckoned on the server's clock, so a tablet set a year ahead still signs in.
   */
  skewMs: number
}

export const ACCOUNT_KEY = 'sync.account'
const DEVICE_KEY = 'sync.deviceKey'
/** Refresh this long before the access token expires, so a request never goes out with a dying one. */
const EXPIRY_MARGIN_MS = 30_000

export interface SignIn {
  url: string
  username: string
  password: string
  deviceName: string
}

export interface AccountDeps {
  db: RondblikDb
  fetch?: typeof fetch
  now?: () => number
}

/** 'https://school.nl/' and 'school.nl' → 'https://school.nl'; undefined when it is no address. */
export function serverOrigin(address: string): string | undefined {
  const text = address.trim()
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined
  } catch {
    return undefined
  }
}

function errorCode(body: unknown): ErrorCode {
  const code = (body as Partial<ErrorBody> | undefined)?.error?.code
  return code && (ERROR_CODES as readonly string[]).includes(code) ? code : 'internal'
}

export function createAccount({ db, fetch: fetcher = (...args) => fetch(...args), now = Date.now }: AccountDeps) {
  let refreshing: Promise<TokenPair> | null = null
  let skew: number | undefined

  const read = async (): Promise<Account | undefined> => (await db.meta.get(ACCOUNT_KEY))?.value as Account | undefined
  const serverNow = (account: Account) => now() + (skew ?? account.skewMs)

  async function call<T>(url: string, init: RequestInit): Promise<T> {
    let response: Response
    try {
      response = await fetcher(url, init)
    } catch {
      throw new SyncError('unreachable')
    }
    const date = Date.parse(response.headers.get('date') ?? '')
    // The header has whole seconds: within half a second on average, well inside the proof's 300 s.
    if (!Number.isNaN(date)) skew = date + 500 - now()
    const body: unknown = await response.json().catch(() => undefined)
    if (!response.ok) throw new SyncError(errorCode(body))
    return body as T
  }

  const json = (method: string, body: unknown, token?: string): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })

  async function deviceKeys(): Promise<CryptoKeyPair> {
    const stored = (await db.meta.get(DEVICE_KEY))?.value as CryptoKeyPair | undefined
    if (stored) return stored
    // Non-extractable: the private key can sign but never be read out, not even by this app.
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])
    await db.meta.put({ key: DEVICE_KEY, value: keys })
    return keys
  }

  async function refresh(account: Account): Promise<TokenPair> {
    const { privateKey } = await deviceKeys()
    const proof = await new SignJWT({ refreshToken: account.tokens.refreshToken })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuedAt(Math.floor(serverNow(account) / 1000))
      .sign(privateKey)
    const tokens = await call<RefreshResponse>(`${account.url}${API_PATHS.refresh}`, json('POST', { deviceId: account.deviceId, refreshToken: account.tokens.refreshToken, proof }))
    await db.meta.put({ key: ACCOUNT_KEY, value: { ...account, tokens, skewMs: skew ?? account.skewMs } satisfies Account })
    return tokens
  }

  /** A valid access token; one refresh at a time, shared by every caller (sync and uploads). */
  async function token(force = false): Promise<string> {
    const account = await read()
    if (!account) throw new SyncError('signedOut')
    if (!force && account.tokens.accessExpiresAt - EXPIRY_MARGIN_MS > serverNow(account)) return account.tokens.accessToken
    refreshing ??= refresh(account).finally(() => (refreshing = null))
    return (await refreshing).accessToken
  }

  /** A signed-in request; an access token the server calls expired is refreshed and the request sent once more. */
  async function request<T>(path: string, init: { method: string; body?: unknown } = { method: 'GET' }): Promise<T> {
    const account = await read()
    if (!account) throw new SyncError('signedOut')
    const send = async (accessToken: string) =>
      call<T>(`${account.url}${path}`, init.body === undefined ? { method: init.method, headers: { authorization: `Bearer ${accessToken}` } } : json(init.method, init.body, accessToken))
    try {
      return await send(await token())
    } catch (error) {
      if (!(error instanceof SyncError) || error.code !== 'tokenExpired') throw error
      return send(await token(true))
    }
  }

  return {
    account: read,
    token,
    request,

    /**
     * Signs the tablet in as a new device; its records from before sync are all enqueued, so
     * they reach the server with the first sync.
     */
    async signIn({ url, username, password, deviceName }: SignIn): Promise<Account> {
      const origin = serverOrigin(url)
      if (!origin) throw new SyncError('invalidRequest')
      const { publicKey } = await deviceKeys()
      const jwk = await crypto.subtle.exportKey('jwk', publicKey)
      const body: LoginRequest = { username, password, device: { name: deviceName, publicKey: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } } }
      const answer = await call<LoginResponse>(`${origin}${API_PATHS.login}`, json('POST', body))
      const account: Account = { url: origin, deviceId: answer.deviceId, coach: answer.coach, tokens: { accessToken: answer.accessToken, accessExpiresAt: answer.accessExpiresAt, refreshToken: answer.refreshToken }, skewMs: skew ?? 0 }
      await db.meta.put({ key: ACCOUNT_KEY, value: account })
      await enqueueAll(db)
      return account
    },

    /** Revokes this device on the server (when it can be reached) and forgets the account and key. */
    async signOut(): Promise<void> {
      await request(API_PATHS.logout, { method: 'POST', body: {} }).catch(() => undefined)
      await db.meta.bulkDelete([ACCOUNT_KEY, DEVICE_KEY])
    },

    /** Where the upload queue sends video (upload.ts `UploadServer`); null while signed out. */
    async uploadServer(): Promise<{ url: string; token: () => Promise<string> } | null> {
      const account = await read()
      return account ? { url: account.url, token: () => token() } : null
    },

    devices: () => request<DevicesResponse>(API_PATHS.devices),
    revokeDevice: (id: string) => request<unknown>(API_PATHS.revokeDevice.replace(':id', encodeURIComponent(id)), { method: 'POST', body: {} }),

    /** The engine's transport over this account. */
    transport(): SyncTransport {
      return {
        push: (body) => request<PushResponse>(API_PATHS.push, { method: 'POST', body }),
        pull: (since, limit) => request<PullResponse>(`${API_PATHS.pull}?since=${since}&limit=${limit}`),
      }
    },
  }
}

export type SyncAccount = ReturnType<typeof createAccount>
