// Builds THETA-shaped live-preview bodies for tests and the benchmark.

/** Seeded PRNG (mulberry32) so fuzz cases are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A fake JPEG: SOI, entropy-like bytes with 0xFF stuffed as FF00 (as in real scans), EOI. */
export function fakeJpeg(size: number, random: () => number): Uint8Array {
  const out = new Uint8Array(size)
  out[0] = 0xff
  out[1] = 0xd8
  for (let i = 2; i < size - 2; i++) {
    const b = (random() * 256) | 0
    out[i] = b === 0xff ? 0 : b
    if (b === 0xff && i < size - 3) {
      out[i] = 0xff
      out[++i] = 0
    }
  }
  out[size - 2] = 0xff
  out[size - 1] = 0xd9
  return out
}

const enc = new TextEncoder()

export interface PartOptions {
  /** THETA's bare boundary line (default) or the standard `--boundary`. */
  boundary?: 'bare' | 'standard'
  /** Omit Content-Length, or send this wrong value. */
  contentLength?: 'omit' | number
}

export function multipartPart(jpeg: Uint8Array, opts: PartOptions = {}): Uint8Array {
  const boundary = opts.boundary === 'standard' ? '-----osclivepreview---' : '---osclivepreview---'
  const length = opts.contentLength === 'omit' ? '' : `Content-Length: ${opts.contentLength ?? jpeg.length}\r\n`
  const head = enc.encode(`${boundary}\r\nContent-type: image/jpeg\r\n${length}\r\n`)
  const out = new Uint8Array(head.length + jpeg.length + 2)
  out.set(head)
  out.set(jpeg, head.length)
  out.set([13, 10], head.length + jpeg.length)
  return out
}

export function joinBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Cuts bytes into chunks of the given sizes (cycled), as a network would. */
export function chunked(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = []
  let k = 0
  for (let at = 0; at < bytes.length; k++) {
    const n = Math.max(1, sizes[k % sizes.length] ?? 1)
    out.push(bytes.subarray(at, at + n))
    at += n
  }
  return out
}

export function streamOf(chunks: Uint8Array[], error?: unknown): ReadableStream<Uint8Array> {
  let i = 0
  return new ReadableStream({
    pull(controller) {
      const c = chunks[i++]
      if (c) controller.enqueue(c)
      else if (error !== undefined) controller.error(error)
      else controller.close()
    },
  })
}
