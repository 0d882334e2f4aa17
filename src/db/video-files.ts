import type { VideoFile } from '../domain/model'
import type { RondblikDb } from './database'

/**
 * Rows describing the video files on this tablet. Device-local like `meta`: no outbox row (the
 * bytes are not synced this way) and not in a backup.
 */
export function createVideoFiles(db: RondblikDb) {
  return {
    get: (id: string) => db.videoFiles.get(id),
    byRecordings: (recordingIds: readonly string[]) => db.videoFiles.where('recordingId').anyOf([...recordingIds]).toArray(),
    put: async (file: VideoFile): Promise<void> => { await db.videoFiles.put(file) },
    update: async (id: string, changes: Partial<Omit<VideoFile, 'id'>>): Promise<void> => {
      await db.videoFiles.update(id, { ...changes, updatedAt: Date.now() })
    },
    remove: async (id: string): Promise<void> => { await db.videoFiles.delete(id) },
  }
}

export type VideoFiles = ReturnType<typeof createVideoFiles>
