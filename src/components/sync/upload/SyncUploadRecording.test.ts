// @vitest-environment jsdom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { VideoFile } from '../../../domain/model'
import { i18n } from '../../../i18n'
import type { UploadRow } from '../../../sync/upload'
import SyncUploadRecording from './SyncUploadRecording.vue'

const file = (id: string, kind: VideoFile['kind'], startSec = 0): VideoFile => ({
  id, recordingId: 'rec-1', kind, name: `${id}.mp4`, startSec, endSec: startSec + 20, size: 20e6, reached: 20e6, crc: 1, state: 'done', createdAt: 1, updatedAt: 1,
})
const row = (id: string, kind: UploadRow['kind'], changes: Partial<UploadRow> = {}): UploadRow => ({
  id, recordingId: 'rec-1', scope: 'c', kind, startSec: 0, endSec: 20, size: 20e6, crc32: 1, uploadUrl: null, sent: 0, state: 'queued', error: null, freedAt: null, createdAt: 1, updatedAt: 1, ...changes,
})
const files = [file('full', 'full'), file('frag-b', 'fragment', 300), file('frag-a', 'fragment', 60)]

function mountWith(rows: UploadRow[], progress = {}, signedIn = true) {
  return mount(SyncUploadRecording, { props: { clipNumber: 1, files, rows, progress, signedIn, windows: [] }, global: { plugins: [i18n] } })
}

describe('SyncUploadRecording', () => {
  it('lets the coach choose the fragments or the whole file, and sends the choice', async () => {
    const wrapper = mountWith([])
    expect(wrapper.get('[role="radiogroup"]').attributes('aria-label')).toBe('Wat gaat naar de schoolserver?')
    expect(wrapper.findAll('label').map((l) => l.text())).toEqual(['De fragmenten', 'Het hele bestand'])
    await wrapper.findAll('input[type="radio"]')[1]!.trigger('click')
    await wrapper.get('button.primary').trigger('click')
    expect(wrapper.emitted('choose')).toEqual([['whole']])
  })

  it('shows each file’s progress with speed and time left, in the order the coach knows the fragments', () => {
    const wrapper = mountWith(
      [row('frag-b', 'fragment', { state: 'queued', startSec: 300 }), row('frag-a', 'fragment', { state: 'uploading', sent: 5e6, startSec: 60 })],
      { 'frag-a': { id: 'frag-a', sent: 10e6, total: 20e6, bytesPerSec: 2e6, secondsLeft: 5 } },
    )
    const items = wrapper.findAll('li')
    expect(items.map((li) => li.get('strong').text())).toEqual(['Fragment 1', 'Fragment 2'])
    expect(items[0]!.get('[role="status"]').text()).toBe('10 MB van 20 MB · 2 MB/s · nog 0:05')
    expect(items[0]!.get('progress').attributes('aria-label')).toBe('Versturen van Fragment 1')
    expect(items[1]!.text()).toContain('Wacht op zijn beurt.')
    // Nothing to choose or send while it runs.
    expect(wrapper.find('[role="radiogroup"]').exists()).toBe(false)
    expect(wrapper.find('button.primary').exists()).toBe(false)
  })

  it('offers to free the space only for a verified file, after asking', async () => {
    const wrapper = mountWith([row('full', 'whole', { state: 'verified', sent: 20e6 })])
    expect(wrapper.text()).toContain('Staat op de schoolserver en is gecontroleerd.')
    await wrapper.get('li button').trigger('click')
    expect(wrapper.text()).toContain('Terugkijken gaat dan via de schoolserver')
    await wrapper.findAll('button').find((b) => b.text() === 'Ja, verwijder van de tablet')!.trigger('click')
    expect(wrapper.emitted('free')).toEqual([['full']])
  })

  it('explains a refusal in Dutch and offers to try again', async () => {
    const wrapper = mountWith([row('full', 'whole', { state: 'failed', error: 'uploadMismatch' })])
    expect(wrapper.get('[role="alert"]').text()).toContain('anders aan dan het op de tablet staat')
    expect(wrapper.get('button.primary').text()).toBe('Opnieuw proberen')
    expect(wrapper.findAll('li button')).toHaveLength(0)
  })

  it('asks to sign in first, and says when there is nothing to send', () => {
    expect(mountWith([], {}, false).text()).toContain('Meld je eerst aan bij de schoolserver')
    expect(mountWith([], {}, false).find('button.primary').exists()).toBe(false)
    const empty = mount(SyncUploadRecording, { props: { clipNumber: 2, files: [], rows: [], progress: {}, signedIn: true, windows: [] }, global: { plugins: [i18n] } })
    expect(empty.text()).toContain('nog niets op deze tablet')
  })

  it('keeps a freed fragment’s number and says where it is, with nothing left to send', () => {
    const freed = mount(SyncUploadRecording, {
      props: { clipNumber: 1, files: [], rows: [row('frag-b', 'fragment', { state: 'verified', startSec: 300, freedAt: 5 }), row('frag-a', 'fragment', { state: 'verified', startSec: 60, freedAt: 5 })], progress: {}, signedIn: true, windows: [] },
      global: { plugins: [i18n] },
    })
    expect(freed.findAll('li strong').map((s) => s.text())).toEqual(['Fragment 1', 'Fragment 2'])
    expect(freed.text()).toContain('van deze tablet verwijderd')
    expect(freed.text()).not.toContain('nog niets op deze tablet')
    expect(freed.find('button').exists()).toBe(false)
  })

  it('offers the choice once the files arrive after the first render', async () => {
    const wrapper = mount(SyncUploadRecording, { props: { clipNumber: 1, files: [], rows: [], progress: {}, signedIn: true, windows: [] }, global: { plugins: [i18n] } })
    await wrapper.setProps({ files })
    expect(wrapper.get<HTMLInputElement>('input[type="radio"]').element.checked).toBe(true)
    await wrapper.get('button.primary').trigger('click')
    expect(wrapper.emitted('choose')).toEqual([['fragments']])
  })

  it('offers the fragments of a whole file on the tablet (cut on sending), until the server holds every window', async () => {
    const windows = [{ recordingId: 'rec-1', startSec: 60, endSec: 80, markerIds: ['m1'] }]
    const wrapper = mount(SyncUploadRecording, { props: { clipNumber: 1, files: [file('full', 'full')], rows: [], progress: {}, signedIn: true, windows: [] }, global: { plugins: [i18n] } })
    expect(wrapper.findAll('label').map((l) => l.text())).toEqual(['Het hele bestand'])
    // The markers come in after the files: the fragments become the choice.
    await wrapper.setProps({ windows })
    expect(wrapper.findAll('label').map((l) => l.text())).toEqual(['De fragmenten', 'Het hele bestand'])
    await wrapper.get('button.primary').trigger('click')
    expect(wrapper.emitted('choose')).toEqual([['fragments']])
    await wrapper.setProps({ rows: [row('cut', 'fragment', { state: 'verified', startSec: 59, endSec: 79.95 })] })
    expect(wrapper.find('button.primary').exists()).toBe(false)
  })
})
