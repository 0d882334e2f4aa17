import { defineStore } from 'pinia'
import { ref } from 'vue'
import { hideSector, showSector, type SectorsError, type YawSector } from '../domain/sectors'
import { repositories } from '../db/app'

/**
 * Parts of the room kept out of view (issue 11): each change is read, made and written on the stored
 * lesson in one transaction, and the screens show it from their live query, so a sector listed is
 * a sector stored. `problem` says why the last one was refused.
 */
export const useHiddenSectorsStore = defineStore('hiddenSectors', () => {
  const problem = ref<SectorsError | null>(null)

  async function hide(lessonId: string, sector: YawSector): Promise<boolean> {
    let refused: SectorsError | null = null
    await repositories().lessons.changeHiddenSectors(lessonId, (stored) => {
      const next = hideSector(stored, sector)
      if (typeof next !== 'string') return next
      refused = next
      return null
    })
    problem.value = refused
    return refused === null
  }

  async function show(lessonId: string, sector: YawSector): Promise<void> {
    await repositories().lessons.changeHiddenSectors(lessonId, (stored) => showSector(stored, sector))
    problem.value = null
  }

  function clearProblem(): void {
    problem.value = null
  }

  return { problem, hide, show, clearProblem }
})
