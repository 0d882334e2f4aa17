/** Speed and time left of an upload, from the bytes sent over the last few seconds (a rolling window, so a stall shows at once). */
export interface UploadProgress {
  id: string
  sent: number
  total: number
  bytesPerSec: number
  /** null while there is no speed to go by. */
  secondsLeft: number | null
}

export function progressMeter(total: number, windowMs = 8_000) {
  const samples: { at: number; sent: number }[] = []
  return {
    /** Records `sent` bytes at time `at` (ms) and answers the speed and time left. */
    add(at: number, sent: number): Omit<UploadProgress, 'id'> {
      // A resumed upload starts from the server's offset: bytes before it were not sent at this speed.
      if (samples.length && sent < samples[samples.length - 1]!.sent) samples.length = 0
      samples.push({ at, sent })
      while (samples.length > 2 && at - samples[0]!.at > windowMs) samples.shift()
      const first = samples[0]!
      const seconds = (at - first.at) / 1000
      const bytesPerSec = seconds > 0 ? (sent - first.sent) / seconds : 0
      return { sent, total, bytesPerSec, secondsLeft: bytesPerSec > 0 ? (total - sent) / bytesPerSec : sent >= total ? 0 : null }
    },
  }
}
