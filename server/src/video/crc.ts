import type { Readable } from 'node:stream'
import { crc32 } from 'node:zlib'

/**
 * Size and CRC-32 (IEEE, the same as the app's src/media/crc32.ts) of a stream, chunk by chunk: a
 * lesson file of 10–35 GB is never held whole. node:zlib's crc32 is native and continues from a value.
 */
export async function measure(stream: Readable): Promise<{ size: number; crc32: number }> {
  let size = 0
  let crc = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length
    crc = crc32(chunk, crc)
  }
  return { size, crc32: crc }
}
