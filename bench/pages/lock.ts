import { openDb } from '../../src/db/database'
import { derivePasswordKey, PBKDF2_MIN_ITERATIONS, toBase64 } from '../../src/db/backup-crypto'
import { createKeyring } from '../../src/security/keyring'
import { summarize } from '../stats'

/**
 * The app lock's unlock as the lock screen runs it (a fresh keyring, as after a reload): read the
 * wrapped key, count the try, PBKDF2-SHA-256 600 000, check, unwrap, clear the count; and the
 * derivation alone, to see what the rest costs.
 */
async function unlock(runs: number) {
  const db = openDb(`bench-lock-${Date.now()}`)
  await createKeyring(db).setPasscode('246810')
  const total: number[] = []
  for (let i = 0; i < runs; i++) {
    const ring = createKeyring(db)
    await ring.load()
    const start = performance.now()
    const result = await ring.unlock('246810')
    total.push(performance.now() - start)
    if (!result.ok) throw new Error(result.code)
  }
  const derive: number[] = []
  const kdf = { iterations: PBKDF2_MIN_ITERATIONS, salt: toBase64(crypto.getRandomValues(new Uint8Array(16))) }
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await derivePasswordKey('246810', kdf, 'AES-KW', ['unwrapKey'])
    derive.push(performance.now() - start)
  }
  db.close()
  return { unlock: summarize(total), derive: summarize(derive) }
}

;(window as unknown as { bench: Record<string, (n: number) => Promise<unknown>> }).bench = { unlock }
