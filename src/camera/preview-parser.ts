// Splits a live-preview multipart body into JPEG frames. THETA starts each part with the bare
// boundary `---osclivepreview---` (not `--boundary`); we accept any `-` line, so both forms work.
// Content-Length is used when present and plausible; a missing or wrong one falls back to the JPEG
// SOI/EOI markers. Frames are zero-copy views when they sit in one chunk, one copy otherwise.
import { concat } from './bytes'

export interface PreviewParserOptions {
  onFrame(frame: Uint8Array): void
  /** Upper bound on bytes held for one frame; beyond it the frame is dropped and we resync. */
  maxFrameBytes?: number
}

export interface PreviewParser {
  push(chunk: Uint8Array): void
  /** 'truncated' when the stream ended in the middle of a part. */
  end(): 'complete' | 'truncated'
  readonly resyncs: number
  readonly bufferedBytes: number
}

const LF = 10
const CR = 13
const DASH = 45
const MAX_LINE = 1024
const DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024

function isJpeg(f: Uint8Array): boolean {
  const n = f.length
  return n >= 4 && f[0] === 0xff && f[1] === 0xd8 && f[n - 2] === 0xff && f[n - 1] === 0xd9
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[])
}

export function createPreviewParser(options: PreviewParserOptions): PreviewParser {
  const maxFrame = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
  let mode: 'seek' | 'body' | 'scan' = 'seek'
  // seek: header lines of the next part
  let line: Uint8Array | undefined
  let lineTooLong = false
  let inHeaders = false
  let contentLength: number | undefined
  // A camera that sent one wrong Content-Length is not trusted again on this stream.
  let trustLength = true
  // body / scan: the frame so far
  let parts: Uint8Array[] = []
  let got = 0
  let need = 0
  let inFrame = false
  let pendingFF = false
  let resyncs = 0

  function reset(next: typeof mode) {
    mode = next
    parts = []
    got = 0
    inFrame = false
    pendingFF = false
  }

  function resync() {
    resyncs += 1
    reset('seek')
  }

  function headerLine(bytes: Uint8Array) {
    const n = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length
    if (n === 0) {
      if (!inHeaders) return
      inHeaders = false
      const len = contentLength
      contentLength = undefined
      if (len !== undefined && trustLength) {
        reset('body')
        need = len
      } else reset('scan')
      return
    }
    if (bytes[0] === DASH) {
      inHeaders = false
      contentLength = undefined
      return
    }
    if (n > 200) return
    const text = ascii(bytes.subarray(0, n))
    const colon = text.indexOf(':')
    if (colon <= 0) return
    inHeaders = true
    if (text.slice(0, colon).trim().toLowerCase() === 'content-length') {
      const len = Number(text.slice(colon + 1).trim())
      contentLength = Number.isInteger(len) && len > 0 && len <= maxFrame ? len : undefined
    }
  }

  function seek(chunk: Uint8Array, i: number): number {
    const lf = chunk.indexOf(LF, i)
    const end = lf < 0 ? chunk.length : lf
    if (!lineTooLong) {
      const piece = chunk.subarray(i, end)
      if ((line?.length ?? 0) + piece.length > MAX_LINE) {
        lineTooLong = true
        line = undefined
      } else line = line ? concat([line, piece], line.length + piece.length) : piece
    }
    if (lf < 0) {
      // Keep a partial line as a copy: the chunk it views may be large.
      if (line && line.buffer === chunk.buffer) line = line.slice()
      return chunk.length
    }
    const complete = lineTooLong ? undefined : line
    line = undefined
    lineTooLong = false
    if (complete) headerLine(complete)
    return lf + 1
  }

  function finishBody(frame: Uint8Array) {
    reset('seek')
    if (isJpeg(frame)) return options.onFrame(frame)
    // Wrong Content-Length: find the frame in these bytes by its markers instead.
    trustLength = false
    reset('scan')
    push(frame)
  }

  function body(chunk: Uint8Array, i: number): number {
    const take = Math.min(need - got, chunk.length - i)
    if (got === 0 && take === need) {
      finishBody(chunk.subarray(i, i + need))
      return i + need
    }
    parts.push(chunk.subarray(i, i + take))
    got += take
    if (got === need) finishBody(concat(parts, need))
    return i + take
  }

  function scan(chunk: Uint8Array, i: number): number {
    if (inFrame) return scanFrame(chunk, i, i)
    if (pendingFF && chunk[i] === 0xd8) {
      // SOI split across chunks: its 0xFF ended the previous one.
      parts = [Uint8Array.of(0xff)]
      got = 1
      return startFrame(chunk, i, i + 1)
    }
    for (let j = chunk.indexOf(0xff, i); j >= 0 && j + 1 < chunk.length; j = chunk.indexOf(0xff, j + 1)) {
      if (chunk[j + 1] === 0xd8) return startFrame(chunk, j, j + 2)
    }
    pendingFF = chunk[chunk.length - 1] === 0xff
    return chunk.length
  }

  function startFrame(chunk: Uint8Array, begin: number, from: number): number {
    inFrame = true
    pendingFF = false
    return scanFrame(chunk, begin, from)
  }

  /** Looks for EOI from `from`; this chunk's share of the frame starts at `begin`. */
  function scanFrame(chunk: Uint8Array, begin: number, from: number): number {
    let eoi = pendingFF && chunk[from] === 0xd9 ? from + 1 : -1
    for (let j = eoi < 0 ? chunk.indexOf(0xff, from) : -1; j >= 0 && j + 1 < chunk.length; j = chunk.indexOf(0xff, j + 1)) {
      if (chunk[j + 1] === 0xd9) {
        eoi = j + 2
        break
      }
    }
    const stop = eoi < 0 ? chunk.length : eoi
    if (got + stop - begin > maxFrame) {
      resync()
      return stop
    }
    parts.push(chunk.subarray(begin, stop))
    got += stop - begin
    if (eoi < 0) {
      pendingFF = chunk[chunk.length - 1] === 0xff
      return chunk.length
    }
    const frame = concat(parts, got)
    reset('seek')
    options.onFrame(frame)
    return eoi
  }

  function push(chunk: Uint8Array) {
    let i = 0
    while (i < chunk.length) {
      i = mode === 'seek' ? seek(chunk, i) : mode === 'body' ? body(chunk, i) : scan(chunk, i)
    }
  }

  return {
    push,
    end() {
      const cut = mode !== 'seek' ? got > 0 || mode === 'body' : inHeaders
      reset('seek')
      line = undefined
      inHeaders = false
      return cut ? 'truncated' : 'complete'
    },
    get resyncs() {
      return resyncs
    },
    get bufferedBytes() {
      return got + (line?.length ?? 0)
    },
  }
}
