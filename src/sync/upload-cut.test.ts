import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, stat, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VideoFile } from '../domain/model'
import { decodesCleanly, fileSink, makeClipWithAudio } from '../media/testing'
import { createWholeFileCutter, type CutDeps } from './upload-cut'

describe('cutting the chosen fragments out of the whole file on the tablet', () => {
  let dir: string
  const whole: VideoFile = {
    id: 'whole', recordingId: 'rec-1', kind: 'full', name: 'whole.mp4', startSec: 0, endSec: 8, size: 0, reached: 0, crc: 0, state: 'done', createdAt: 0, updatedAt: 0,
  }
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rondblik-upload-cut-'))
    await makeClipWithAudio(join(dir, whole.name), 8)
  }, 60_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  function deps(put: VideoFile[], writes: (name: string) => WritableStream = (name) => fileSink(join(dir, name))): CutDeps {
    let n = 0
    return {
      readFile: async (name) => new File([await readFile(join(dir, name))], name),
      fragmentWritable: async (name) => writes(name),
      removeFile: (name) => unlink(join(dir, name)),
      put: async (file) => void put.push(file),
      newId: () => `id-${++n}`,
      now: () => 42,
    }
  }

  it('writes each window as a playable fragment file with its row, from the keyframe before it', async () => {
    const put: VideoFile[] = []
    const made = await createWholeFileCutter(deps(put))(whole, [
      { recordingId: 'rec-1', startSec: 1.5, endSec: 3, markerIds: ['m1'] },
      { recordingId: 'rec-1', startSec: 5, endSec: 7, markerIds: ['m2'] },
    ])
    expect(made).toEqual(put)
    expect(made.map((f) => [f.kind, f.recordingId, f.startSec])).toEqual([['fragment', 'rec-1', 1], ['fragment', 'rec-1', 5]])
    for (const file of made) {
      expect(file.endSec).toBeGreaterThanOrEqual(file.startSec === 1 ? 3 : 7)
      expect(file.size).toBe((await stat(join(dir, file.name))).size)
      await decodesCleanly(join(dir, file.name))
    }
  })

  it('leaves no half-written file when a cut breaks off', async () => {
    const put: VideoFile[] = []
    const names: string[] = []
    const failing = (name: string) => {
      names.push(name)
      const sink = fileSink(join(dir, name))
      return names.length === 2 ? new WritableStream({ write: () => Promise.reject(new Error('disk full')), abort: () => sink.abort() }) : sink
    }
    await expect(createWholeFileCutter(deps(put, failing))(whole, [
      { recordingId: 'rec-1', startSec: 1, endSec: 2, markerIds: ['m1'] },
      { recordingId: 'rec-1', startSec: 5, endSec: 6, markerIds: ['m2'] },
    ])).rejects.toThrow()
    expect(put.map((f) => f.name)).toEqual([names[0]])
    await expect(stat(join(dir, names[1]!))).rejects.toThrow()
  })
})
