import { computed, onScopeDispose, type MaybeRefOrGetter, toValue } from 'vue'
import type { VideoFile } from '../../domain/model'
import { coveredRanges, locateMoment, type VideoMoment } from '../../domain/video'
import { readFile } from '../../media/opfs'
import { repositories } from '../../db/app'
import { useLiveQuery } from '../useLiveQuery'

/** A moment of a recording, ready for a `<video>`: its file's URL and the time to seek to. */
export interface PlayableMoment extends VideoMoment {
  url: string
}

/**
 * The video on this tablet for some recordings (review, nagesprek, report): which stretches can be
 * played, and a moment as a URL + time. Object URLs live as long as the calling component.
 */
export function useLessonVideo(recordingIds: MaybeRefOrGetter<readonly string[]>) {
  const files = useLiveQuery<VideoFile[]>(
    () => repositories().videoFiles.byRecordings(toValue(recordingIds)),
    () => toValue(recordingIds).join(),
  )
  const urls = new Map<string, string>()

  async function locate(recordingId: string, offsetSec: number): Promise<PlayableMoment | null> {
    const moment = locateMoment(files.value ?? [], recordingId, offsetSec)
    if (!moment) return null
    let url = urls.get(moment.file.id)
    if (!url) {
      url = URL.createObjectURL(await readFile(moment.file.name))
      urls.set(moment.file.id, url)
    }
    return { ...moment, url }
  }

  onScopeDispose(() => {
    for (const url of urls.values()) URL.revokeObjectURL(url)
  })

  return {
    files: computed(() => files.value ?? []),
    /** False until the first read of the rows: before that no bytes does not mean none on the tablet. */
    loaded: computed(() => files.value !== undefined),
    locate,
    /** The stretches of a recording the tablet holds, for the scrubber. */
    ranges: (recordingId: string) => coveredRanges(files.value ?? [], recordingId),
  }
}
