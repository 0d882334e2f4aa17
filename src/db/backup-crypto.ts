/**
 * The encrypted backup file (issue 11): a versioned envelope around the backup's JSON.
 *
 *   rondblik-backup-encrypted\n
 *   {header JSON}\n
 *   chunk*   each: 4-byte big-endian length, then AES-GCM ciphertext (with its 16-byte tag)
 *
 * The key comes from the coach's backup password with PBKDF2-SHA-256; the header names the salt and
 * iteration count so a later app can raise them and still read older files. The plain text is
 * encrypted in pieces of `chunkBytes`, so neither writing nor reading holds one huge buffer. Each
 * chunk's nonce is the file's random prefix, the chunk's number and a last-chunk flag (the STREAM
 * construction), and the header is every chunk's additional data: a chunk moved, dropped, cut off
 * or a header edited fails authentication instead of yielding a shorter or altered backup.
 */

export const ENCRYPTED_MAGIC = 'rondblik-backup-encrypted\n'
export const ENVELOPE_VERSION = 1
/** OWASP's 2023 floor for PBKDF2-HMAC-SHA256. */
export const PBKDF2_MIN_ITERATIONS = 600_000
/** A file asking for more is not ours (it would keep the tablet busy for minutes). */
const PBKDF2_MAX_ITERATIONS = 10_000_000
const CHUNK_BYTES = 1 << 20
const MAX_CHUNK_BYTES = 16 << 20
const TAG_BYTES = 16
const NONCE_PREFIX_BYTES = 7
export const BACKUP_PASSWORD_MIN = 8

export interface EnvelopeHeader {
  version: typeof ENVELOPE_VERSION
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string }
  cipher: { name: 'AES-GCM'; chunkBytes: number; noncePrefix: string }
  /** SHA-256 of derived bits beside the key: tells a wrong password from a damaged file. */
  check: string
}

export type DecryptErrorCode = 'foreignFile' | 'unsupportedVersion' | 'wrongPassword' | 'corrupted'
export type DecryptResult = { ok: true; text: string } | { ok: false; code: DecryptErrorCode }

export type PasswordCheck = { ok: true } | { ok: false; error: 'tooShort'; min: number } | { ok: false; error: 'different' }

export function checkBackupPassword(password: string, repeated: string): PasswordCheck {
  if ([...password].length < BACKUP_PASSWORD_MIN) return { ok: false, error: 'tooShort', min: BACKUP_PASSWORD_MIN }
  if (password !== repeated) return { ok: false, error: 'different' }
  return { ok: true }
}

const encoder = new TextEncoder()

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** The PBKDF2 parameters kept beside what a password protects (a backup's header, the app lock's key). */
export interface PasswordKdf {
  iterations: number
  /** Base64. */
  salt: string
}

/**
 * A key from a password with PBKDF2-SHA-256 (a backup's key, the app lock's key-wrapping key), and a
 * check value from derived bits beside it: comparing it tells a wrong password from damaged data.
 */
export async function derivePasswordKey(
  password: string,
  kdf: PasswordKdf,
  algorithm: 'AES-GCM' | 'AES-KW' = 'AES-GCM',
  usages: KeyUsage[] = ['encrypt', 'decrypt'],
): Promise<{ key: CryptoKey; check: string }> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits'])
  const bits = new Uint8Array(await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(kdf.salt), iterations: kdf.iterations }, material, 512,
  ))
  const key = await crypto.subtle.importKey('raw', bits.slice(0, 32), algorithm, false, usages)
  const check = toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', bits.slice(32))))
  return { key, check }
}

function nonce(prefix: Uint8Array, index: number, last: boolean): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(12)
  bytes.set(prefix)
  new DataView(bytes.buffer).setUint32(NONCE_PREFIX_BYTES, index)
  bytes[11] = last ? 1 : 0
  return bytes
}

/** Splits text pieces into UTF-8 chunks of exactly `size` bytes (the last one shorter, maybe empty). */
async function* utf8Chunks(pieces: AsyncIterable<string> | Iterable<string>, size: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  let chunk = new Uint8Array(size)
  let filled = 0
  for await (const piece of pieces) {
    let bytes = encoder.encode(piece)
    while (bytes.length > 0) {
      const n = Math.min(size - filled, bytes.length)
      chunk.set(bytes.subarray(0, n), filled)
      filled += n
      bytes = bytes.subarray(n)
      if (filled === size) {
        yield chunk
        chunk = new Uint8Array(size)
        filled = 0
      }
    }
  }
  yield chunk.slice(0, filled)
}

/** Encrypts the backup's text, given in pieces, into the envelope (a Blob of parts, never one buffer). */
export async function encryptBackup(
  pieces: AsyncIterable<string> | Iterable<string>,
  password: string,
  { iterations = PBKDF2_MIN_ITERATIONS, chunkBytes = CHUNK_BYTES } = {},
): Promise<Blob> {
  const kdf = { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(crypto.getRandomValues(new Uint8Array(16))) } as const
  const prefix = crypto.getRandomValues(new Uint8Array(NONCE_PREFIX_BYTES))
  const { key, check } = await derivePasswordKey(password, kdf)
  const header: EnvelopeHeader = { version: ENVELOPE_VERSION, kdf, cipher: { name: 'AES-GCM', chunkBytes, noncePrefix: toBase64(prefix) }, check }
  const headerLine = encoder.encode(`${JSON.stringify(header)}\n`)
  const parts: BlobPart[] = [ENCRYPTED_MAGIC, headerLine]

  // One chunk ahead, so the last one is known when it is sealed.
  let index = 0
  let pending: Uint8Array<ArrayBuffer> | null = null
  const seal = async (plain: Uint8Array<ArrayBuffer>, last: boolean): Promise<void> => {
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce(prefix, index, last), additionalData: headerLine }, key, plain)
    const length = new Uint8Array(4)
    new DataView(length.buffer).setUint32(0, sealed.byteLength)
    parts.push(length, sealed)
    index += 1
  }
  for await (const chunk of utf8Chunks(pieces, chunkBytes)) {
    if (pending) await seal(pending, false)
    pending = chunk
  }
  await seal(pending!, true)
  return new Blob(parts, { type: 'application/octet-stream' })
}

async function bytesOf(file: Blob, start: number, end: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await file.slice(start, end).arrayBuffer())
}

export async function isEncryptedBackup(file: Blob): Promise<boolean> {
  return new TextDecoder().decode(await bytesOf(file, 0, ENCRYPTED_MAGIC.length)) === ENCRYPTED_MAGIC
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The header as written, or why the file cannot be one of ours. */
function readHeader(line: string): EnvelopeHeader | DecryptErrorCode {
  let header: unknown
  try {
    header = JSON.parse(line)
  } catch {
    return 'corrupted'
  }
  if (!isObject(header) || typeof header.version !== 'number') return 'corrupted'
  if (header.version !== ENVELOPE_VERSION) return header.version > ENVELOPE_VERSION ? 'unsupportedVersion' : 'corrupted'
  const { kdf, cipher, check } = header
  if (!isObject(kdf) || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256' || typeof kdf.salt !== 'string') return 'unsupportedVersion'
  if (!isObject(cipher) || cipher.name !== 'AES-GCM' || typeof cipher.noncePrefix !== 'string') return 'unsupportedVersion'
  const { iterations } = kdf
  const { chunkBytes } = cipher
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS) return 'corrupted'
  if (typeof chunkBytes !== 'number' || !Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) return 'corrupted'
  if (typeof check !== 'string') return 'corrupted'
  try {
    if (fromBase64(cipher.noncePrefix).length !== NONCE_PREFIX_BYTES || fromBase64(kdf.salt).length < 16) return 'corrupted'
  } catch {
    return 'corrupted'
  }
  return header as unknown as EnvelopeHeader
}

/** Reads an encrypted backup chunk by chunk; only a complete, authentic file yields its text. */
export async function decryptBackup(file: Blob, password: string): Promise<DecryptResult> {
  if (!(await isEncryptedBackup(file))) return { ok: false, code: 'foreignFile' }
  const start = ENCRYPTED_MAGIC.length
  const head = await bytesOf(file, start, start + 4096)
  const newline = head.indexOf(0x0a)
  if (newline < 0) return { ok: false, code: 'corrupted' }
  const headerLine = head.slice(0, newline + 1)
  const header = readHeader(new TextDecoder().decode(headerLine))
  if (typeof header === 'string') return { ok: false, code: header }

  const { key, check } = await derivePasswordKey(password, header.kdf)
  if (check !== header.check) return { ok: false, code: 'wrongPassword' }

  const prefix = fromBase64(header.cipher.noncePrefix)
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const text: string[] = []
  let offset = start + headerLine.length
  for (let index = 0; ; index += 1) {
    if (offset + 4 > file.size) return { ok: false, code: 'corrupted' }
    const length = new DataView((await bytesOf(file, offset, offset + 4)).buffer).getUint32(0)
    const end = offset + 4 + length
    if (length < TAG_BYTES || length > header.cipher.chunkBytes + TAG_BYTES || end > file.size) return { ok: false, code: 'corrupted' }
    const last = end === file.size
    try {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: nonce(prefix, index, last), additionalData: headerLine }, key, await bytesOf(file, offset + 4, end),
      )
      text.push(decoder.decode(plain, { stream: !last }))
    } catch {
      return { ok: false, code: 'corrupted' }
    }
    if (last) return { ok: true, text: text.join('') }
    offset = end
  }
}
