// @vitest-environment jsdom
import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { ViewDirection } from '../../domain/model'
import type { PreviewFrameListener } from '../../viewer/preview-decoder'

// jsdom has no WebGL: the wrapper is tested against a stand-in viewer that records what it is told.
const fake = vi.hoisted(() => ({
  view: { yaw: 0, pitch: 0, fov: 75 } as ViewDirection,
  calls: [] as string[],
  emitView: null as ((v: ViewDirection) => void) | null,
  emitMark: null as ((sector: { fromYaw: number; toYaw: number } | null, done: boolean) => void) | null,
  fail: false,
}))

vi.mock('../../viewer/sphere-viewer', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../viewer/sphere-viewer')>()
  return {
    ...real,
    createSphereViewer: () => {
      if (fake.fail) throw new real.ViewerError('webglUnavailable')
      return {
        setFrame: (frame: { width: number }) => fake.calls.push(`frame ${frame.width}`),
        setVideo: (v: unknown) => fake.calls.push(v ? 'video' : 'no video'),
        setHiddenSectors: (sectors: { fromYaw: number; toYaw: number }[]) => fake.calls.push(`hidden ${sectors.map((s) => `${s.fromYaw}-${s.toYaw}`).join(',')}`),
        setMarking: (marking: boolean) => fake.calls.push(`marking ${marking}`),
        onMark: (cb: (sector: { fromYaw: number; toYaw: number } | null, done: boolean) => void) => (fake.emitMark = cb),
        getView: () => ({ ...fake.view }),
        setView: (v: ViewDirection, o?: { animate?: boolean }) => {
          fake.view = v
          fake.calls.push(`setView ${v.yaw}${o?.animate ? ' animated' : ''}`)
        },
        onViewChange: (cb: (v: ViewDirection) => void) => (fake.emitView = cb),
        onStateChange: () => () => {},
        resize: () => fake.calls.push('resize'),
        stats: () => ({ renders: 0, framesUploaded: 0, framesSkipped: 0, renderMs: 0 }),
        dispose: () => fake.calls.push('dispose'),
      }
    },
  }
})

const { default: ViewerSphere } = await import('./ViewerSphere.vue')

beforeEach(() => {
  fake.view = { yaw: 0, pitch: 0, fov: 75 }
  fake.calls = []
  fake.fail = false
})

describe('ViewerSphere', () => {
  it('labels the canvas with the text the parent gives and makes it focusable', () => {
    const w = mount(ViewerSphere, { props: { label: 'Live beeld' } })
    const canvas = w.get('canvas')
    expect(canvas.attributes('aria-label')).toBe('Live beeld')
    expect(canvas.attributes('tabindex')).toBe('0')
  })

  it('reports view changes as update:view and does not send them back to the viewer', async () => {
    const parent = { setView: (_: ViewDirection | undefined): unknown => undefined }
    const w = mount(ViewerSphere, { props: { label: 'x', view: { yaw: 10, pitch: 0, fov: 75 }, 'onUpdate:view': (v) => parent.setView(v) } })
    parent.setView = (v) => w.setProps({ view: v })
    expect(fake.calls).toContain('setView 10')
    fake.calls = []
    fake.view = { yaw: 42, pitch: 0, fov: 75 }
    fake.emitView!({ yaw: 42, pitch: 0, fov: 75 })
    // The viewer moves on before the parent's copy comes back: the stale copy must not pull it back.
    fake.view = { yaw: 50, pitch: 0, fov: 75 }
    await nextTick()
    expect(w.emitted('update:view')!.at(-1)).toEqual([{ yaw: 42, pitch: 0, fov: 75 }])
    expect(fake.calls.filter((c) => c.startsWith('setView'))).toEqual([])
    await w.setProps({ view: { yaw: -90, pitch: 0, fov: 75 } })
    expect(fake.calls).toContain('setView -90')
  })

  it('passes frames from its source to the viewer and lets go of the source', async () => {
    let listener: PreviewFrameListener | null = null
    const source = {
      onFrame: (cb: PreviewFrameListener) => {
        listener = cb
        return () => (listener = null)
      },
    }
    const w = mount(ViewerSphere, { props: { label: 'x', frames: source } })
    listener!({ width: 4, height: 2, pixels: new Uint8ClampedArray(32) }, { receivedAt: 0, decodedAt: 1, seq: 1 })
    expect(fake.calls).toContain('frame 4')
    await w.setProps({ frames: null })
    expect(listener).toBeNull()
  })

  it('exposes an animated setView and disposes the viewer on unmount', () => {
    const w = mount(ViewerSphere, { props: { label: 'x' } })
    ;(w.vm as unknown as { setView(v: ViewDirection, o: { animate: boolean }): void }).setView({ yaw: 120, pitch: 0, fov: 60 }, { animate: true })
    expect(fake.calls).toContain('setView 120 animated')
    w.unmount()
    expect(fake.calls.at(-1)).toBe('dispose')
  })

  it('hands the lesson\'s hidden sectors and the marking mode to the viewer', async () => {
    const w = mount(ViewerSphere, { props: { label: 'x', hiddenSectors: [{ fromYaw: 350, toYaw: 10 }] } })
    expect(fake.calls).toContain('hidden 350-10')
    expect(fake.calls).toContain('marking false')
    await w.setProps({ hiddenSectors: [{ fromYaw: 350, toYaw: 10 }, { fromYaw: 80, toYaw: 120 }], marking: true })
    expect(fake.calls).toContain('hidden 350-10,80-120')
    expect(fake.calls).toContain('marking true')
    expect(w.get('canvas').classes()).toContain('viewer-sphere__canvas--marking')
  })

  it('shows the headings while a sector is swept and emits it once the finger lifts', async () => {
    const w = mount(ViewerSphere, { props: { label: 'x', marking: true } })
    fake.emitMark!({ fromYaw: 350, toYaw: 10 }, false)
    await nextTick()
    expect(w.get('.viewer-sphere__sweep').text()).toBe('350° – 10°')
    expect(w.emitted('mark')).toBeUndefined()
    fake.emitMark!({ fromYaw: 350, toYaw: 12 }, true)
    await nextTick()
    expect(w.find('.viewer-sphere__sweep').exists()).toBe(false)
    expect(w.emitted('mark')).toEqual([[{ fromYaw: 350, toYaw: 12 }]])
    fake.emitMark!(null, true)
    expect(w.emitted('mark')).toHaveLength(1)
  })

  it('emits an error code when WebGL is unavailable', () => {
    fake.fail = true
    const w = mount(ViewerSphere, { props: { label: 'x' } })
    expect(w.emitted('error')).toEqual([['webglUnavailable']])
  })
})
