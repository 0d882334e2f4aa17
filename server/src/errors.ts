/**
 * Errors as values with a code from ERROR_CODES, answered as `{ error: { code, message } }`; the app
 * chooses its Dutch text by the code, the message is for logs and admins.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorBody, ErrorCode } from '../../src/sync/protocol'

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalidRequest: 400,
  bodyTooLarge: 413,
  badCredentials: 401,
  tooManyAttempts: 429,
  tokenExpired: 401,
  tokenInvalid: 401,
  deviceRevoked: 401,
  userDisabled: 401,
  refreshInvalid: 401,
  forbidden: 403,
  notFound: 404,
  uploadMismatch: 422,
  storageFull: 507,
  internal: 500,
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
  get status(): ContentfulStatusCode {
    return STATUS[this.code]
  }
}

export function errorResponse(c: Context, error: ApiError): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message } }
  return c.json(body, error.status, error.headers)
}

/** A full disk or bucket, from the file system (ENOSPC), SQLite (SQLITE_FULL) or PostgreSQL (53100). */
export function isStorageFull(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL' || code === '53100') return true
  }
  return false
}

/** What an unexpected exception becomes on the wire. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  if (isStorageFull(error)) return new ApiError('storageFull', 'the server has no room left to store this')
  return new ApiError('internal', 'internal server error')
}
