import type { Entity } from './model'

/** Tombstoned records stay stored for sync but take no part in any rule. */
export function isLive(entity: Entity): boolean {
  return entity.deletedAt === null
}

/** A changed copy with `updatedAt` set, so every rule that edits a record marks it for sync alike. */
export function touch<T extends Entity>(entity: T, changes: Partial<T>, now: number): T {
  return { ...entity, ...changes, updatedAt: now }
}
