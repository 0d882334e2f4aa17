/** OSC command errors with the HTTP status a THETA answers for each code (camera-osc.md, Errors). */

export type ErrorCode =
  | 'unknownCommand' | 'missingParameter' | 'invalidParameterName' | 'invalidParameterValue'
  | 'cameraInExclusiveUse' | 'disabledCommand' | 'tooManyParameters' | 'corruptedFile'
  | 'powerOffSequenceRunning' | 'invalidFileFormat' | 'canceledShooting' | 'invalidSessionId'
  | 'notFound' | 'serviceUnavailable' | 'unexpected'

const STATUS: Record<ErrorCode, number> = {
  unknownCommand: 400, missingParameter: 400, invalidParameterName: 400, invalidParameterValue: 400,
  cameraInExclusiveUse: 400,
  disabledCommand: 403, tooManyParameters: 403, corruptedFile: 403, powerOffSequenceRunning: 403,
  invalidFileFormat: 403, canceledShooting: 403, invalidSessionId: 403,
  notFound: 404,
  serviceUnavailable: 503, unexpected: 503,
}

export class OscError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message)
  }

  get status(): number {
    return STATUS[this.code]
  }

  body(name?: string): Record<string, unknown> {
    return { ...(name ? { name } : {}), state: 'error', error: { code: this.code, message: this.message } }
  }

  /** Insta360: no name, no state, and this one code with a trailing space. */
  insta360Body(): Record<string, unknown> {
    const code = this.code === 'invalidParameterName' ? 'invalidParameterName ' : this.code
    return { error: { code, message: this.message } }
  }
}
