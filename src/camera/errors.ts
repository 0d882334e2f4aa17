/** Why a camera exchange failed, as a value the UI turns into a Dutch explanation (see i18n). */
export type CameraErrorCode =
  | 'unreachable' // no answer at all: wrong Wi-Fi, camera asleep, relay down
  | 'timeout' // no answer in time
  | 'blocked' // the browser refused (CORS, mixed content, private network access)
  | 'busy' // the camera answered but cannot take the command now
  | 'refused' // the camera answered with an OSC error
  | 'badResponse' // the answer is not what OSC promises
  | 'aborted' // we cancelled it
  | 'unauthorized' // Digest auth failed (client mode: wrong user/password)

export type BlockedReason = 'cors' | 'mixedContent'

export interface CameraErrorDetails {
  cameraCode?: string
  httpStatus?: number
  blockedReason?: BlockedReason
  cause?: unknown
}

export class CameraError extends Error {
  readonly code: CameraErrorCode
  readonly cameraCode?: string
  readonly httpStatus?: number
  readonly blockedReason?: BlockedReason

  // The message is for logs only; the UI chooses its text from `code` (+ cameraCode/blockedReason).
  constructor(code: CameraErrorCode, details: CameraErrorDetails = {}) {
    const extra = [details.cameraCode, details.httpStatus, details.blockedReason].filter((x) => x !== undefined)
    super(extra.length ? `camera ${code} (${extra.join(', ')})` : `camera ${code}`, { cause: details.cause })
    this.name = 'CameraError'
    this.code = code
    if (details.cameraCode !== undefined) this.cameraCode = details.cameraCode
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus
    if (details.blockedReason !== undefined) this.blockedReason = details.blockedReason
  }
}

export function isCameraError(e: unknown, code?: CameraErrorCode): e is CameraError {
  return e instanceof CameraError && (code === undefined || e.code === code)
}

/** Anything thrown inside the camera layer, as a CameraError (unknown throws count as badResponse). */
export function toCameraError(e: unknown): CameraError {
  return e instanceof CameraError ? e : new CameraError('badResponse', { cause: e })
}

// OSC codes that mean "not now" rather than "no": THETA's 503 serviceUnavailable, level-1 exclusive use.
const BUSY_CODES = new Set(['serviceUnavailable', 'cameraInExclusiveUse'])

/**
 * The error for a non-2xx answer or a `state:"error"` body. A relay answering 502/504 without an
 * OSC body means it could not reach the camera.
 */
export function errorFromReply(httpStatus: number, cameraCode: string | undefined): CameraError {
  if (httpStatus === 401) return new CameraError('unauthorized', { httpStatus, cameraCode })
  if (cameraCode === undefined && (httpStatus === 502 || httpStatus === 504)) {
    return new CameraError('unreachable', { httpStatus })
  }
  if (cameraCode !== undefined && BUSY_CODES.has(cameraCode)) return new CameraError('busy', { httpStatus, cameraCode })
  return new CameraError('refused', { httpStatus, cameraCode })
}
