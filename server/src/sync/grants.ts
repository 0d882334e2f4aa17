/**
 * Who may see and change what: a scope is a coachee id, and a coach owns the coachees they created
 * — the scopes they were first to sync. A change for another coach's scope is forbidden; a pull
 * returns only the coach's own scopes.
 */
import { sql } from 'kysely'
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

/**
 * A coach who leaves: all their coachees go to a colleague. Their rows get new revisions above
 * every cursor (order kept), so the colleague's devices pull them on their next sync; the old
 * coach's devices are refused from then on.
 */
export async function transferCoachees(db: Db, fromCoachId: string, toCoachId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // The counter row first, as a push takes it: no push commits in between.
    const { value: top } = await trx.updateTable('counters').set({ value: sql`value` }).where('name', '=', 'rev').returning('value').executeTakeFirstOrThrow()
    const scopes = (await trx.selectFrom('grants').select('scope').where('coach_id', '=', fromCoachId).execute()).map((g) => g.scope)
    if (scopes.length === 0) return 0
    await trx.updateTable('grants').set({ coach_id: toCoachId }).where('coach_id', '=', fromCoachId).execute()
    let highest = top
    for (let i = 0; i < scopes.length; i += 500) {
      const chunk = scopes.slice(i, i + 500)
      const { max } = await trx.selectFrom('records').select((eb) => eb.fn.max('rev').as('max')).where('scope', 'in', chunk).executeTakeFirstOrThrow()
      await trx.updateTable('records').set({ rev: sql`rev + ${top}` }).where('scope', 'in', chunk).execute()
      if (max !== null) highest = Math.max(highest, Number(max) + top)
    }
    await trx.updateTable('counters').set({ value: highest }).where('name', '=', 'rev').execute()
    return scopes.length
  })
}
