/**
 * Who may see and change what: a scope is a coachee id, and a coach owns the coachees they created
 * — the scopes they were first to sync. A change for another coach's scope is forbidden; a pull
 * returns only the coach's own scopes.
 */
import type { Db } from '../db/database'

export function grants(db: Db) {
  return {
    /** May this coach touch this scope? A scope nobody synced yet belongs to nobody: no. */
    async may(coachId: string, scope: string): Promise<boolean> {
      const row = await db.selectFrom('grants').select('coach_id').where('scope', '=', scope).executeTakeFirst()
      return row?.coach_id === coachId
    },

    /** The owner of each scope, inside a push's transaction; a scope nobody owns yet becomes this coach's. */
    async claim(trx: Db, coachId: string, scopes: readonly string[], at: number): Promise<Map<string, string>> {
      const unique = [...new Set(scopes)]
      if (unique.length === 0) return new Map()
      await trx
        .insertInto('grants')
        .values(unique.map((scope) => ({ scope, coach_id: coachId, created_at: at })))
        .onConflict((oc) => oc.column('scope').doNothing())
        .execute()
      const rows = await trx.selectFrom('grants').select(['scope', 'coach_id']).where('scope', 'in', unique).execute()
      return new Map(rows.map((r) => [r.scope, r.coach_id]))
    },
  }
}
export type Grants = ReturnType<typeof grants>
