import { defineStore } from 'pinia'
import { repositories } from '../db/app'

/**
 * Consent for filming, per class visit (issue 11): the note of pupils who must not be shown is
 * kept as it is typed, so a dismissed dialog loses nothing; the confirmation is its own write.
 */
export const useConsentStore = defineStore('consent', () => {
  async function keepNote(lessonId: string, consentNote: string): Promise<void> {
    await repositories().lessons.update(lessonId, { consentNote })
  }

  async function confirm(lessonId: string): Promise<void> {
    await repositories().lessons.update(lessonId, { consentConfirmedAt: Date.now() })
  }

  return { keepNote, confirm }
})
