// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import type { VideoFile } from '../../domain/model'

// The files on the tablet, as useLessonVideo would find them; the test decides what is there.
const tablet = vi.hoisted(() => ({ files: [] as VideoFile[] }))

vi.mock('./useLessonVideo', async () => {
  const { computed, ref } = await import('vue')
  const { coveredRanges, locateMoment } = await import('../../domain/video')
  return {
    useLessonVideo: () => {
      const files = ref(tablet.files)
      return {
        files,
        loaded: computed(() => true),
        locate: async (recordingId: string, offsetSec: number) => {
          const moment = locateMoment(files.value, recordingId, offsetSec)
          return moment ? { ...moment, url: `blob:${moment.file.name}` } : null
        },
        ranges: (recordingId: string) => coveredRanges(files.value, recordingId),
      }
    },
  }
})

const { usePlayer } = await import('./usePlayer')
type RemoteVideo = import('./usePlayer').RemoteVideo

function file(over: Partial<VideoFile>): VideoFile {
  return {
    id: 'f1', recordingId: 'r1', kind: 'full', name: 'r1.mp4', startSec: 0, endSec: 60,
    size: 1, reached: 1, crc: 0, state: 'done', createdAt: 0, updatedAt: 0, ...over,
  }
}

/** A <video> stand-in: metadata and seeks answer on the next task, like a browser's. */
class FakeVideo extends EventTarget {
  #src = ''
  paused = true
  muted = false
  playbackRate = 1
  defaultPlaybackRate = 1
  #time = 0
  get currentTime() { return this.#time }
  set currentTime(t: number) {
    this.#time = t
    setTimeout(() => this.dispatchEvent(new Event('seeked')))
  }
  get src() { return this.#src }
  set src(url: string) {
    this.#src = url
    if (url) setTimeout(() => this.dispatchEvent(new Event('loadedmetadata')))
  }
  removeAttribute() { this.#src = '' }
  load() {}
  async play() {
    this.paused = false
    this.dispatchEvent(new Event('play'))
  }
  pause() {
    if (this.paused) return
    this.paused = true
    this.dispatchEvent(new Event('pause'))
  }
  /** Plays on to `t` on the file's own time line. */
  advance(t: number) { this.#time = t }
}

let video: FakeVideo
let player: ReturnType<typeof usePlayer>

function setUp(files: VideoFile[], remote: RemoteVideo | null = null): void {
  tablet.files = files
  video = new FakeVideo()
  const scope = effectScope()
  player = scope.run(() => usePlayer(['r1'], shallowRef(video as unknown as HTMLVideoElement), remote))!
}

/** The school server's copy: its files, and the links it handed out. */
function server(files: VideoFile[]) {
  const asked: string[][] = []
  return {
    asked,
    files: async (ids: readonly string[]) => (asked.push([...ids]), files),
    url: async (id: string) => `http://school/api/video-link/${id}`,
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('usePlayer', () => {
  it('seeks to a moment of a recording in the file that holds it, on that file’s own time line', async () => {
    setUp([file({ id: 'a', kind: 'fragment', name: 'a.mp4', startSec: 20, endSec: 40 })])
    expect(await player.seek('r1', 25.5)).toBe(true)
    expect(video.src).toBe('blob:a.mp4')
    expect(video.currentTime).toBe(5.5)
    expect(player.offsetSec.value).toBe(25.5)
    expect(player.missing.value).toBe(false)
  })

  it('says so where the tablet holds no bytes, and keeps the position', async () => {
    setUp([file({ kind: 'fragment', startSec: 20, endSec: 40 })])
    expect(await player.seek('r1', 5)).toBe(false)
    expect(player.missing.value).toBe(true)
    expect(player.offsetSec.value).toBe(5)
  })

  it('lets the latest of quick seeks win', async () => {
    setUp([file({})])
    const [first, second] = await Promise.all([player.seek('r1', 10), player.seek('r1', 30)])
    expect([first, second]).toEqual([false, true])
    expect(video.currentTime).toBe(30)
    expect(player.offsetSec.value).toBe(30)
  })

  it('plays a window and pauses at its end by itself', async () => {
    setUp([file({})])
    const requestFrame = vi.fn<(cb: FrameRequestCallback) => number>().mockReturnValue(1)
    vi.stubGlobal('requestAnimationFrame', requestFrame)
    const played = player.playWindow({ recordingId: 'r1', startSec: 12, endSec: 20 })
    await vi.waitFor(() => expect(video.paused).toBe(false))
    expect(video.currentTime).toBe(12)
    video.advance(20.02)
    requestFrame.mock.calls.at(-1)![0](0)
    expect(await played).toBe(true)
    expect(video.paused).toBe(true)
  })

  it('a seek ends a window that was playing: it reports not played to the end', async () => {
    setUp([file({})])
    vi.stubGlobal('requestAnimationFrame', () => 1)
    const played = player.playWindow({ recordingId: 'r1', startSec: 12, endSec: 20 })
    await vi.waitFor(() => expect(video.paused).toBe(false))
    await player.seek('r1', 40)
    expect(await played).toBe(false)
  })

  it('jumps 5 s within what the tablet holds and keeps the speed on a new file', async () => {
    setUp([file({ id: 'a', kind: 'fragment', name: 'a.mp4', startSec: 0, endSec: 10 }), file({ id: 'b', kind: 'fragment', name: 'b.mp4', startSec: 10, endSec: 22 })])
    player.setRate(1.5)
    await player.seek('r1', 8)
    await player.jump(5)
    await nextTick()
    expect(video.src).toBe('blob:b.mp4')
    expect(video.currentTime).toBe(3)
    expect(video.playbackRate).toBe(1.5)
    await player.jump(15)
    expect(player.offsetSec.value).toBe(22)
    await player.jump(-30)
    expect(player.offsetSec.value).toBe(0)
  })

  it('plays the school server’s copy where the tablet holds no bytes, its own bytes first', async () => {
    const remote = server([file({ id: 'whole', name: '' }), file({ id: 'late', kind: 'fragment', name: '', startSec: 100, endSec: 130 })])
    setUp([file({ id: 'a', kind: 'fragment', name: 'a.mp4', startSec: 20, endSec: 40 })], remote)
    expect(await player.seek('r1', 25)).toBe(true)
    expect(video.src).toBe('blob:a.mp4')
    expect(remote.asked).toEqual([])
    expect(await player.seek('r1', 50)).toBe(true)
    expect(video.src).toBe('http://school/api/video-link/whole')
    expect(video.currentTime).toBe(50)
    expect(player.missing.value).toBe(false)
    expect(player.held.value).toEqual([[0, 60], [100, 130]])
    expect(await player.seek('r1', 110)).toBe(true)
    expect(video.currentTime).toBe(10)
    // The list is asked once, not on every seek.
    expect(remote.asked).toEqual([['r1']])
  })

  it('two seeks at once both wait for the one list the server is asked for', async () => {
    const remote = server([file({ id: 'whole', name: '' })])
    setUp([], remote)
    const [first, second] = await Promise.all([player.seek('r1', 10), player.seek('r1', 30)])
    expect([first, second]).toEqual([false, true])
    expect(video.src).toBe('http://school/api/video-link/whole')
    expect(player.missing.value).toBe(false)
    expect(remote.asked).toHaveLength(1)
  })

  it('without the server’s copy a gap stays a gap', async () => {
    setUp([], server([]))
    expect(await player.seek('r1', 5)).toBe(false)
    expect(player.missing.value).toBe(true)
  })
})
