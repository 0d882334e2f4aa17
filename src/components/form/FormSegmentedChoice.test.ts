// @vitest-environment jsdom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { i18n } from '../../i18n'
import FormSegmentedChoice from './FormSegmentedChoice.vue'

const options = [{ value: 1, label: 'Nog niet' }, { value: 2, label: 'Soms' }, { value: 3, label: 'Vaak' }]

function choice(modelValue: number | null, required = false) {
  return mount(FormSegmentedChoice<number>, { props: { label: 'Beoordeling Interactie – Relatie', options, modelValue, required }, global: { plugins: [i18n] } })
}

describe('FormSegmentedChoice', () => {
  it('is one named radio group with a radio per option', () => {
    const wrapper = choice(3)
    const group = wrapper.get('[role="radiogroup"]')
    expect(group.attributes('aria-label')).toBe('Beoordeling Interactie – Relatie')
    const radios = wrapper.findAll<HTMLInputElement>('input[type="radio"]')
    expect(radios.map((r) => r.element.parentElement!.textContent!.trim())).toEqual(['Nog niet', 'Soms', 'Vaak'])
    expect(radios.map((r) => r.element.checked)).toEqual([false, false, true])
    expect(new Set(radios.map((r) => r.attributes('name'))).size).toBe(1)
  })

  it('chooses a value, and clears it when the chosen one is tapped again', async () => {
    const wrapper = choice(2)
    const radios = wrapper.findAll('input[type="radio"]')
    await radios[0]!.trigger('click')
    await radios[1]!.trigger('click')
    expect(wrapper.emitted('update:modelValue')).toEqual([[1], [null]])
  })

  it('explains how to clear only once something is chosen', async () => {
    const wrapper = choice(null)
    expect(wrapper.text()).not.toContain('Tik nog eens')
    await wrapper.setProps({ modelValue: 1 })
    expect(wrapper.text()).toContain('Tik nog eens op je keuze om die te wissen.')
    expect(wrapper.get('[role="radiogroup"]').attributes('aria-describedby')).toBeTruthy()
  })

  it('keeps a required choice when the chosen one is tapped again, and offers no clearing', async () => {
    const wrapper = choice(2, true)
    const radios = wrapper.findAll('input[type="radio"]')
    await radios[1]!.trigger('click')
    await radios[0]!.trigger('click')
    expect(wrapper.emitted('update:modelValue')).toEqual([[1]])
    expect(wrapper.text()).not.toContain('wissen')
  })
})
