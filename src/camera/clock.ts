// The tablet clock and timers, injectable so recording tests run on virtual time.
import { CameraError } from './errors'

export interface Clock {
  /** ms since the epoch */
  now(): number
  /** Rejects with CameraError('aborted') when the signal fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new CameraError('aborted'))
      const onAbort = () => {
        clearTimeout(timer)
        reject(new CameraError('aborted'))
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}
