// CRC-32 (IEEE), incremental: its whole state is one number, so it survives a pause or a reload in the
// import's Dexie row. WebCrypto's SHA-256 cannot be fed piecewise, and a 10–35 GB lesson cannot be held whole.
const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

/** Continues `crc` (0 for an empty file) over `bytes`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0
  for (let i = 0; i < bytes.length; i++) c = (TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8)
  return ~c >>> 0
}
