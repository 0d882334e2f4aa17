/**
 * Passwords as argon2id hashes: @node-rs/argon2's default algorithm (its Algorithm enum is a const
 * enum that verbatimModuleSyntax cannot import; the tests check the hash says $argon2id$).
 */
import { hash, verify } from '@node-rs/argon2'

export const hashPassword = (password: string) => hash(password)

let unknownUserHash: Promise<string> | undefined

/** Checks a password; without a stored hash it still spends the same time, so a wrong username does not answer faster. */
export async function checkPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (stored === undefined) {
    unknownUserHash ??= hashPassword('rondblik: no such user')
    await verify(await unknownUserHash, password)
    return false
  }
  return verify(stored, password)
}
