import { defineStore, acceptHMRUpdate } from 'pinia'
import { shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { v7 as uuid } from 'uuid'
import { getDb } from '../db/database'
import { repositories } from '../db/app'
import type { Marker, Recording, VideoFile } from '../domain/model'
import { fragmentWritable, readFile, removeFile } from '../media/opfs'
import { scopeOfRecording } from '../sync/local'
import { createUploadQueue, fragmentWindows, type UploadChoice, type UploadRow } from '../sync/upload'
import { createWholeFileCutter } from '../sync/upload-cut'
import { createServerVideo } from '../sync/upload-assets'
import type { UploadProgress } from '../sync/upload-progress'
import { useLiveQuery } from '../composables/useLiveQuery'
import { useSyncStore } from './sync'
import { useVisitStore } from './visit'

/**
 * Chosen video on its way to the school server: the upload queue runs with the signed-in server after
 * each sync and never while a recording runs (it would compete with the taps and the camera link);
 * it stops on sign-out and revoke (the revoke wipe empties the `uploads` table itself).
 */
export const useUploadsStore = defineStore('uploads', () => {
  const db = getDb()
  const sync = useSyncStore()
  const visit = useVisitStore()
  const uploads = db.table<UploadRow, string>('uploads')
  const server = () => sync.uploadServer()
  const queue = createUploadQueue({
    uploads,
    videoFiles: repositories().videoFiles,
    readFile,
    removeFile,
    scopeOf: (recordingId) => scopeOfRecording(db, recordingId),
    server,
    cutFromWhole: createWholeFileCutter({ readFile, fragmentWritable, removeFile, put: repositories().videoFiles.put, newId: uuid }),
  })
  const serverVideo = createServerVideo(server)
  /** The live speed and time left per file, while it uploads. */
  const progress = shallowRef<Record<string, UploadProgress>>({})
  queue.onProgress((p) => (progress.value = { ...progress.value, [p.id]: p }))

  const recording = () => !['idle', 'stopped'].includes(visit.phase)

  function run(): void {
    if (!recording()) void queue.run()
  }

  sync.onSynced(run)
  sync.onSignedOut(() => {
    void queue.stop()
    serverVideo.forget()
    progress.value = {}
  })
  // A recording that starts pauses the upload in flight; it goes on from the server's offset after.
  watch(recording, (busy) => (busy ? void queue.stop() : run()))

  /** Queues what the coach chose for a recording (the fragments: those of the nagesprek, fragmentWindows) and starts sending at once. */
  async function choose(recordingId: string, choice: UploadChoice): Promise<void> {
    const repos = repositories()
    const recording = await repos.recordings.get(recordingId)
    if (!recording) return
    const [clips, markers] = await Promise.all([repos.recordings.byLesson(recording.lessonId), repos.markers.byLesson(recording.lessonId)])
    await queue.choose(recordingId, choice, fragmentWindows(markers, clips, recordingId))
    run()
  }

  /** Removes the tablet's copy of a file the server verified; playing it then goes through the server. */
  async function free(id: string): Promise<void> {
    await queue.freeSpace(id)
  }

  /** For a screen: one lesson's recordings, their files on this tablet, their uploads and markers, live. */
  function watchRecordings(recordings: MaybeRefOrGetter<readonly Recording[]>) {
    const ids = () => toValue(recordings).map((r) => r.id)
    const lessonId = () => toValue(recordings)[0]?.lessonId ?? ''
    return {
      files: useLiveQuery<VideoFile[]>(() => repositories().videoFiles.byRecordings(ids()), () => ids().join(), []),
      rows: useLiveQuery<UploadRow[]>(() => uploads.where('recordingId').anyOf(ids()).toArray(), () => ids().join(), []),
      markers: useLiveQuery<Marker[]>(() => repositories().markers.byLesson(lessonId()), lessonId, []),
    }
  }

  return { progress, choose, free, run, watchRecordings, serverVideo }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useUploadsStore, import.meta.hot))
