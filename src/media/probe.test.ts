import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/index'
import { isMediaError } from './errors'
import { videoDuration } from './probe'

let cam: Emulator
let clip: Uint8Array
beforeAll(async () => {
  cam = await startEmulator({ model: 'theta-x', modeSwitchMs: 0 })
  const [url = ''] = (await cam.seed({ durationSec: 3 })).fileUrls
  clip = new Uint8Array(await (await fetch(url)).arrayBuffer())
}, 60_000)
afterAll(() => cam?.close())

describe('videoDuration', () => {
  it('reads the real length of a whole file', async () => {
    expect(await videoDuration(new Blob([clip as BlobPart]))).toBeCloseTo(3, 1)
  })

  it('refuses a file cut short, or one that is no MP4, as badMp4', async () => {
    for (const bytes of [clip.slice(0, clip.byteLength - 1000), new Uint8Array(5000).fill(7)]) {
      const error = await videoDuration(new Blob([bytes as BlobPart])).then(() => null, (e: unknown) => e)
      expect(isMediaError(error, 'badMp4')).toBe(true)
    }
  })
})
