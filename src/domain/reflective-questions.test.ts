import { describe, expect, it } from 'vitest'
import { defaultTemplate } from './kijkwijzer'
import type { CoachQuestion, KijkwijzerTemplate } from './model'
import { questionBank } from './reflective-questions'

describe('questionBank', () => {
  it('gives the general question first, then those for the kind', () => {
    expect(questionBank(defaultTemplate, 'pearl', 'nl')).toEqual(['Wat deed je hier?', 'Hoe kreeg je dat voor elkaar?'])
    expect(questionBank(defaultTemplate, 'puzzle', 'en')).toEqual(['What did you do here?', 'Is there anything you would do differently now?'])
  })

  it('adds the coach’s own questions for this kind or any, in their order', () => {
    const own: CoachQuestion[] = [
      { kind: 'puzzle', text: { nl: 'Wat had je nodig?', en: '' } },
      { kind: 'any', text: { nl: 'Wat zag je bij de leerlingen?', en: 'What did you see in the pupils?' } },
      { kind: 'pearl', text: { nl: 'Wat wil je vasthouden?', en: '' } },
    ]
    expect(questionBank(defaultTemplate, 'pearl', 'en', own)).toEqual([
      'What did you do here?',
      'How did you manage that?',
      'What did you see in the pupils?',
      'Wat wil je vasthouden?',
    ])
  })

  it('leaves out duplicates that differ in case or spacing, keeping the first', () => {
    const own: CoachQuestion[] = [
      { kind: 'any', text: { nl: '  wat deed   je HIER? ', en: '' } },
      { kind: 'pearl', text: { nl: 'Nieuwe vraag', en: '' } },
      { kind: 'pearl', text: { nl: 'nieuwe vraag', en: '' } },
    ]
    expect(questionBank(defaultTemplate, 'pearl', 'nl', own)).toEqual(['Wat deed je hier?', 'Hoe kreeg je dat voor elkaar?', 'Nieuwe vraag'])
  })

  it('skips blank questions and copes with a template without any', () => {
    const bare: KijkwijzerTemplate = { ...defaultTemplate, reflectiveQuestions: { any: [{ nl: ' ', en: '' }], pearl: [], puzzle: [] } }
    expect(questionBank(bare, 'puzzle', 'nl')).toEqual([])
    expect(questionBank(bare, 'puzzle', 'nl', [{ kind: 'puzzle', text: { nl: '', en: 'Only English' } }])).toEqual(['Only English'])
  })
})
