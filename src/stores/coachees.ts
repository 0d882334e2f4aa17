import { defineStore, acceptHMRUpdate } from 'pinia'
import { computed, ref } from 'vue'
import type { Coachee, CoacheeRole } from '../domain/model'
import { validateName, validateFreeText, type TextResult } from '../domain/text'
import { useLiveQuery } from '../composables/useLiveQuery'
import { repositories } from '../db/app'
import { useSettingsStore } from './settings'

export interface NewCoachee {
  name: string
  role: CoacheeRole
  school: string
}

/** Same name, different people: allowed, but the coach is told. Compared the way a person reads. */
function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, 'nl', { sensitivity: 'base' }) === 0
}

export const useCoacheesStore = defineStore('coachees', () => {
  const active = useLiveQuery(() => repositories().coachees.listActive(), undefined, [])
  const archived = useLiveQuery(() => repositories().coachees.listArchived(), undefined, [])
  const query = ref('')

  const filtered = computed(() => {
    const needle = query.value.trim().toLocaleLowerCase('nl')
    const list = active.value ?? []
    if (!needle) return list
    return list.filter((c) => `${c.name} ${c.school}`.toLocaleLowerCase('nl').includes(needle))
  })

  function hasNamesake(name: string, exceptId?: string): boolean {
    return [...(active.value ?? []), ...(archived.value ?? [])].some((c) => c.id !== exceptId && sameName(c.name, name.trim()))
  }

  async function create(input: NewCoachee): Promise<{ ok: true; coachee: Coachee } | Extract<TextResult, { ok: false }>> {
    const name = validateName(input.name)
    if (!name.ok) return name
    const school = validateFreeText(input.school)
    if (!school.ok) return school
    const coachee = await repositories().coachees.create({
      name: name.value, role: input.role, school: school.value, notes: '', archivedAt: null,
    })
    // The first saved coachee is the moment the tablet holds something worth keeping.
    void useSettingsStore().requestPersistence()
    return { ok: true, coachee }
  }

  async function update(id: string, patch: Partial<Pick<Coachee, 'name' | 'role' | 'school' | 'notes'>>): Promise<void> {
    await repositories().coachees.update(id, patch)
  }

  async function setArchived(id: string, archivedFlag: boolean): Promise<void> {
    await repositories().coachees.update(id, { archivedAt: archivedFlag ? Date.now() : null })
  }

  return { active, archived, query, filtered, hasNamesake, create, update, setArchived }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCoacheesStore, import.meta.hot))
