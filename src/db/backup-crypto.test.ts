import { describe, expect, it } from 'vitest'
import { BACKUP_PASSWORD_MIN, ENCRYPTED_MAGIC, PBKDF2_MIN_ITERATIONS, checkBackupPassword, decryptBackup, encryptBackup, isEncryptedBackup } from './backup-crypto'

const fast = { iterations: 1000, chunkBytes: 64 }
// Multi-byte characters land across chunk borders at this chunk size.
const text = Array.from({ length: 40 }, (_, i) => `{"n":${i},"name":"Zoë 👩🏽‍🏫 ${'é'.repeat(i % 7)}"}`).join('\n')

async function bytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer())
}

/** Offsets of each chunk (its length field) after the header line. */
function chunkOffsets(file: Uint8Array): number[] {
  let offset = file.indexOf(0x0a, ENCRYPTED_MAGIC.length) + 1
  const offsets: number[] = []
  while (offset < file.length) {
    offsets.push(offset)
    offset += 4 + new DataView(file.buffer, file.byteOffset + offset, 4).getUint32(0)
  }
  return offsets
}

describe('encrypted backup envelope', () => {
  it('round-trips text given in pieces through many chunks; the header names PBKDF2-SHA-256 ≥ 600 000 and AES-GCM', async () => {
    const file = await encryptBackup(text.match(/[\s\S]{1,13}/gu)!, 'geheim wachtwoord', { chunkBytes: 64 })
    expect(await isEncryptedBackup(file)).toBe(true)
    const raw = await bytes(file)
    const header = JSON.parse(new TextDecoder().decode(raw.slice(ENCRYPTED_MAGIC.length, raw.indexOf(0x0a, ENCRYPTED_MAGIC.length))))
    expect(header).toMatchObject({ version: 1, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_MIN_ITERATIONS }, cipher: { name: 'AES-GCM', chunkBytes: 64 } })
    expect(chunkOffsets(raw).length).toBeGreaterThan(20)
    expect(new TextDecoder().decode(raw)).not.toContain('Zoë')
    expect(await decryptBackup(file, 'geheim wachtwoord')).toEqual({ ok: true, text })
  })

  it('encrypts an empty text and one of exactly a chunk', async () => {
    for (const plain of ['', 'x'.repeat(64)]) {
      expect(await decryptBackup(await encryptBackup([plain], 'geheim wachtwoord', fast), 'geheim wachtwoord')).toEqual({ ok: true, text: plain })
    }
  })

  it('tells a wrong password apart from a damaged file', async () => {
    const file = await encryptBackup([text], 'geheim wachtwoord', fast)
    expect(await decryptBackup(file, 'Geheim wachtwoord')).toEqual({ ok: false, code: 'wrongPassword' })

    const raw = await bytes(file)
    const [first, second, third] = chunkOffsets(raw)
    const flipped = raw.slice()
    flipped[first! + 10]! ^= 1
    expect(await decryptBackup(new Blob([flipped]), 'geheim wachtwoord')).toEqual({ ok: false, code: 'corrupted' })
    // Cut off after whole chunks: the last one read was not sealed as the last.
    expect(await decryptBackup(new Blob([raw.slice(0, third)]), 'geheim wachtwoord')).toEqual({ ok: false, code: 'corrupted' })
    expect(await decryptBackup(new Blob([raw.slice(0, raw.length - 3)]), 'geheim wachtwoord')).toEqual({ ok: false, code: 'corrupted' })
    // Two chunks swapped.
    const swapped = new Blob([raw.slice(0, first), raw.slice(second, third), raw.slice(first, second), raw.slice(third)])
    expect(await decryptBackup(swapped, 'geheim wachtwoord')).toEqual({ ok: false, code: 'corrupted' })
  })

  it('authenticates the header: an edited nonce prefix fails', async () => {
    const raw = new TextDecoder('latin1').decode(await bytes(await encryptBackup([text], 'geheim wachtwoord', fast)))
    const edited = raw.replace(/"noncePrefix":"(.)/u, (_, c: string) => `"noncePrefix":"${c === 'A' ? 'B' : 'A'}`)
    const file = new Blob([Uint8Array.from(edited, (ch) => ch.charCodeAt(0))])
    expect(await decryptBackup(file, 'geheim wachtwoord')).toEqual({ ok: false, code: 'corrupted' })
  })

  it('refuses what is not ours, a newer envelope and an absurd header', async () => {
    expect(await isEncryptedBackup(new Blob(['{"format":"rondblik-backup"}']))).toBe(false)
    expect(await decryptBackup(new Blob(['PK\u0003\u0004 a zip']), 'geheim wachtwoord')).toEqual({ ok: false, code: 'foreignFile' })
    expect(await decryptBackup(new Blob([`${ENCRYPTED_MAGIC}{"version":2}\n`]), 'x')).toEqual({ ok: false, code: 'unsupportedVersion' })
    expect(await decryptBackup(new Blob([`${ENCRYPTED_MAGIC}not json\n`]), 'x')).toEqual({ ok: false, code: 'corrupted' })
    const greedy = { version: 1, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 1e12, salt: btoa('s'.repeat(16)) }, cipher: { name: 'AES-GCM', chunkBytes: 64, noncePrefix: btoa('1234567') }, check: '' }
    expect(await decryptBackup(new Blob([`${ENCRYPTED_MAGIC}${JSON.stringify(greedy)}\n`]), 'x')).toEqual({ ok: false, code: 'corrupted' })
  })

  it('asks for a backup password of at least 8 characters, typed twice the same', () => {
    expect(checkBackupPassword('kort', 'kort')).toEqual({ ok: false, error: 'tooShort', min: BACKUP_PASSWORD_MIN })
    expect(checkBackupPassword('👩🏽‍🏫'.repeat(1), '👩🏽‍🏫')).toMatchObject({ ok: false, error: 'tooShort' })
    expect(checkBackupPassword('lang genoeg', 'lang genoeg!')).toEqual({ ok: false, error: 'different' })
    expect(checkBackupPassword('lang genoeg', 'lang genoeg')).toEqual({ ok: true })
  })
})
