import { placeMarkers } from '../domain/timing'
import { repositories } from '../db/app'

/**
 * Places a lesson's tapped markers anew against its clips as stored now: a clip that began later
 * covers earlier "buiten opname" taps, a clip's start re-fitted to its file moves them.
 */
export async function placeLessonMarkers(lessonId: string): Promise<void> {
  const repos = repositories()
  const [clips, all] = await Promise.all([repos.recordings.byLesson(lessonId), repos.markers.byLesson(lessonId)])
  for (const marker of placeMarkers(all, clips, Date.now())) {
    await repos.markers.update(marker.id, { recordingId: marker.recordingId, offsetSec: marker.offsetSec })
  }
}
