// @vitest-environment jsdom
import 'fake-indexeddb/auto'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n'
import { useSyncStore } from '../../stores/sync'
import SyncServerCard from './SyncServerCard.vue'

const NOW = 1_780_000_000_000
afterEach(() => vi.useRealTimers())

function card(state: Partial<Pick<ReturnType<typeof useSyncStore>, 'status' | 'pending' | 'rejections' | 'syncing'>>) {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] })
  setActivePinia(createPinia())
  const sync = useSyncStore()
  sync.signedIn = { url: 'https://rondblik.school.nl', deviceId: 'd', coach: { id: 'c', username: 'anna', displayName: 'Anna' }, tokens: { accessToken: 'a', accessExpiresAt: NOW, refreshToken: 'r' }, skewMs: 0 }
  Object.assign(sync, state)
  return mount(SyncServerCard, { global: { plugins: [i18n] } })
}
const lines = (wrapper: ReturnType<typeof card>) => wrapper.findAll('[role="status"] p').map((p) => p.text())

describe('SyncServerCard', () => {
  it('says calmly when it last synced and what still waits', () => {
    const wrapper = card({ status: { lastSyncedAt: NOW - 2 * 60_000 - 5_000, lastError: null, clockWrong: false }, pending: 3 })
    expect(lines(wrapper)).toEqual(['Gesynchroniseerd · 2 min geleden', '3 wijzigingen wachten'])
    expect(lines(card({ status: { lastSyncedAt: NOW - 10_000, lastError: null, clockWrong: false }, pending: 1 }))).toEqual(['Gesynchroniseerd · zojuist', '1 wijziging wacht'])
    expect(lines(card({ status: { lastSyncedAt: null, lastError: null, clockWrong: false }, pending: 0 }))).toEqual(['Nog niet gesynchroniseerd', 'Alles is verstuurd'])
  })

  it('explains what failed, a wrong clock and each refused change in Dutch', () => {
    const wrapper = card({
      status: { lastSyncedAt: NOW - 3 * 3600_000, lastError: 'storageFull', clockWrong: true },
      rejections: [{ seq: 4, table: 'markers', id: 'm', code: 'forbidden', at: NOW }, { seq: 5, table: 'coachees', id: 'c', code: 'invalid', at: NOW }],
    })
    const status = wrapper.get('[role="status"]').text()
    expect(status).toContain('Gesynchroniseerd · 3 uur geleden')
    expect(status).toContain('De schoolserver is vol. Alles blijft op deze tablet bewaard')
    expect(status).toContain('De klok van deze tablet loopt niet gelijk met de schoolserver.')
    expect(wrapper.findAll('li').map((li) => li.text())).toEqual([
      'Markering: hoort bij een coachee van een andere coach',
      'Coachee: de gegevens kloppen niet en zijn niet overgenomen',
    ])
  })
})
