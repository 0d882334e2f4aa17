import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { crc32 } from '../../../src/media/crc32'
import { measure } from './crc'

describe('measure', () => {
  it('gives the app’s CRC-32 and the size, over a stream in pieces', async () => {
    const bytes = randomBytes(300_001)
    const pieces = [bytes.subarray(0, 1), bytes.subarray(1, 70_000), bytes.subarray(70_000)]
    expect(await measure(Readable.from(pieces))).toEqual({ size: bytes.length, crc32: crc32(bytes) })
    expect(await measure(Readable.from([]))).toEqual({ size: 0, crc32: 0 })
  })
})
