/** Why a media step failed, as a value the UI turns into the coach's explanation (see i18n). */
export type MediaErrorCode =
  | 'noRange' // the camera ignores Range: cut fragments is impossible, offer a full import
  | 'badMp4' // not an MP4, or one without a usable index (truncated, moov missing)
  | 'linkDropped' // the camera link failed mid-way; a full import resumes from `reached`
  | 'sizeMismatch' // the download ended at another size than the camera announced
  | 'noSpace' // the tablet cannot hold the import
  | 'storageFailed' // the tablet's storage refused a write for another reason

export interface MediaErrorDetails {
  /** Bytes safely written when a download stopped. */
  reached?: number
  needed?: number
  free?: number
  cause?: unknown
}

export class MediaError extends Error {
  readonly code: MediaErrorCode
  readonly reached?: number
  readonly needed?: number
  readonly free?: number

  // The message is for logs only; the UI chooses its text from `code`.
  constructor(code: MediaErrorCode, details: MediaErrorDetails = {}) {
    super(`media ${code}`, { cause: details.cause })
    this.name = 'MediaError'
    this.code = code
    if (details.reached !== undefined) this.reached = details.reached
    if (details.needed !== undefined) this.needed = details.needed
    if (details.free !== undefined) this.free = details.free
  }
}

/** A failed write to the tablet's storage, as a MediaError: full (quota) or otherwise refused. */
export function storageError(e: unknown, reached?: number): MediaError {
  if (isMediaError(e)) return e
  const full = e instanceof DOMException && e.name === 'QuotaExceededError'
  return new MediaError(full ? 'noSpace' : 'storageFailed', { reached, cause: e })
}

export function isMediaError(e: unknown, code?: MediaErrorCode): e is MediaError {
  return e instanceof MediaError && (code === undefined || e.code === code)
}
