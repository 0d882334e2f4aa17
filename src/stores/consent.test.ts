import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { repositories } from '../db/app'
import { mayStartRecording } from '../domain/lesson'
import { useConsentStore } from './consent'
import { freshVisit } from './testing'

describe('the consent store', () => {
  it('the note is kept as typed without confirming; confirming lets the recording start', async () => {
    const { lessonId } = await freshVisit()
    const consent = useConsentStore()
    await consent.keepNote(lessonId, 'Daan en Mila niet in beeld ')
    const noted = await repositories().lessons.get(lessonId)
    expect(noted).toMatchObject({ consentNote: 'Daan en Mila niet in beeld ' })
    expect(mayStartRecording(noted!)).toBe(false)
    await consent.confirm(lessonId)
    const confirmed = await repositories().lessons.get(lessonId)
    expect(confirmed?.consentConfirmedAt).toEqual(expect.any(Number))
    expect(confirmed?.consentNote).toBe('Daan en Mila niet in beeld ')
    expect(mayStartRecording(confirmed!)).toBe(true)
  })
})
