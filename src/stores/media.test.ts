// @vitest-environment jsdom
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import type { Recording, VideoFile } from '../domain/model'
import { repositories } from '../db/app'
import { useMediaStore } from './media'
import { useSettingsStore } from './settings'
import { freshVisit } from './testing'

/** A clip of the visit; `camera: null` is one whose file the camera never named. */
async function clip(lessonId: string, cameraFileUrl: string | null): Promise<Recording> {
  return repositories().recordings.create({
    lessonId, clipIndex: 0, cameraFileUrl, startedAt: 1000, requestedAt: 900, confirmedAt: 1100, stoppedAt: 61_000, durationSec: 60, bytes: 'none',
  })
}

function file(recordingId: string, over: Partial<VideoFile>): VideoFile {
  return { id: `${recordingId}-full`, recordingId, kind: 'full', name: `${recordingId}.mp4`, startSec: 0, endSec: 60, size: 1000, reached: 400, crc: 0, state: 'importing', createdAt: 1, updatedAt: 1, ...over }
}

/** The camera in the settings answers nothing (a closed port). */
async function noCamera(): Promise<void> {
  const settings = useSettingsStore()
  await settings.load()
  await settings.changeCameraAddress('http://127.0.0.1:9')
}

describe('the media store', () => {
  it('a clip whose file the camera never named cannot be imported: the job says why', async () => {
    const { lessonId } = await freshVisit()
    const recording = await clip(lessonId, null)
    const media = useMediaStore()
    await media.importRecording(recording.id, 'fragments')
    expect(media.jobs.get(recording.id)).toMatchObject({ phase: 'failed', problem: { code: 'noFile' } })
    expect(media.isBusy(recording.id)).toBe(false)
  })

  it('without the camera an import fails with the camera problem, never an exception', async () => {
    const { lessonId } = await freshVisit()
    await noCamera()
    const recording = await clip(lessonId, 'http://camera/files/R001.MP4')
    const media = useMediaStore()
    await media.importRecording(recording.id, 'full')
    expect(media.jobs.get(recording.id)).toMatchObject({ phase: 'failed', problem: { code: 'camera', camera: { code: 'unreachable' } } })
  })

  it('the camera copy may only go once the whole file is verified on the tablet', async () => {
    const { lessonId } = await freshVisit()
    const recording = await clip(lessonId, 'http://camera/files/R001.MP4')
    await repositories().videoFiles.put(file(recording.id, { state: 'importing' }))
    const media = useMediaStore()
    expect(await media.deleteFromCamera(recording.id)).toEqual({ code: 'noFile' })
    expect((await repositories().recordings.get(recording.id))?.cameraFileDeletedAt ?? null).toBeNull()
  })

  it('an interrupted whole-file import is taken up again; a paused one and a fragment wait', async () => {
    const { lessonId } = await freshVisit()
    await noCamera()
    const [cut, paused] = [await clip(lessonId, 'http://camera/files/R001.MP4'), await clip(lessonId, 'http://camera/files/R002.MP4')]
    const media = useMediaStore()
    media.resumeInterrupted([
      file(cut.id, { state: 'importing' }),
      file(paused.id, { state: 'paused' }),
      file(paused.id, { id: 'fragment', kind: 'fragment', state: 'importing' }),
    ])
    expect(media.jobs.get(cut.id)?.mode).toBe('full')
    expect(media.jobs.has(paused.id)).toBe(false)
  })
})
