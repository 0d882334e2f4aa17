/**
 * Grows an MP4 to a target size with a top-level `free` box, for download benchmarks with seeded
 * clips far bigger than encoding would allow. The box goes where no chunk offset moves: right
 * before `moov` when moov is last, else at the end. It is sparse on disk, so 1 GB costs no time.
 */
import { open } from 'node:fs/promises'

interface Box {
  type: string
  offset: number
  size: number
}

async function topLevelBoxes(file: string): Promise<Box[]> {
  const fh = await open(file, 'r')
  try {
    const total = (await fh.stat()).size
    const boxes: Box[] = []
    const head = Buffer.alloc(16)
    for (let offset = 0; offset < total;) {
      await fh.read(head, 0, 16, offset)
      const size32 = head.readUInt32BE(0)
      const size = size32 === 1 ? Number(head.readBigUInt64BE(8)) : size32 === 0 ? total - offset : size32
      boxes.push({ type: head.toString('latin1', 4, 8), offset, size })
      offset += size
    }
    return boxes
  } finally {
    await fh.close()
  }
}

function freeBoxHeader(size: number): Buffer {
  if (size < 2 ** 32) {
    const h = Buffer.alloc(8)
    h.writeUInt32BE(size, 0)
    h.write('free', 4, 'latin1')
    return h
  }
  const h = Buffer.alloc(16)
  h.writeUInt32BE(1, 0)
  h.write('free', 4, 'latin1')
  h.writeBigUInt64BE(BigInt(size), 8)
  return h
}

export async function padMp4(file: string, targetBytes: number): Promise<void> {
  const boxes = await topLevelBoxes(file)
  const last = boxes[boxes.length - 1]
  if (!last) throw new Error(`${file}: not an MP4`)
  const total = last.offset + last.size
  const pad = targetBytes - total
  if (pad < 16) return
  const fh = await open(file, 'r+')
  try {
    const moovLast = last.type === 'moov'
    const at = moovLast ? last.offset : total
    const moov = moovLast ? Buffer.alloc(last.size) : null
    if (moov) await fh.read(moov, 0, last.size, last.offset)
    await fh.truncate(at + pad)
    await fh.write(freeBoxHeader(pad), 0, undefined, at)
    if (moov) await fh.write(moov, 0, moov.length, at + pad)
  } finally {
    await fh.close()
  }
}
