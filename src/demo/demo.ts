import { v7 as uuidv7 } from 'uuid'
import type { Repositories } from '../db/repositories'
import { isoDate } from '../domain/calendar'
import { DEMO_ID_PREFIX, isDemoId } from '../domain/demo'
import { defaultTemplate } from '../domain/kijkwijzer'
import { localize } from '../domain/locale'
import type { Coachee, Locale, VideoFile } from '../domain/model'
import { DEFAULT_LAG_SEC, DEFAULT_LEAD_SEC } from '../domain/timing'
import { crc32 } from '../media/crc32'
import { fragmentWritable, removeFile } from '../media/opfs'
import { demoContent as content, DEMO_VIDEO_SECONDS } from './content'

/** Where the demo's video bytes go: OPFS in the app, a map in tests. */
export interface DemoVideoStore {
  write(name: string, bytes: Uint8Array<ArrayBuffer>): Promise<void>
  remove(name: string): Promise<void>
}

/** The demo's clip in the Origin Private File System, beside the imported ones. */
export const opfsDemoVideo: DemoVideoStore = {
  async write(name, bytes) {
    const file = await fragmentWritable(name)
    const writer = file.getWriter()
    await writer.write({ type: 'write', data: bytes, position: 0 })
    await writer.close()
  },
  remove: removeFile,
}

const DAY_MS = 86_400_000
const newDemoId = (): string => `${DEMO_ID_PREFIX}${uuidv7()}`

/** The record tables the demo writes, coachee last: a half-written demo never shows in the list. */
const TABLES = ['followUps', 'observations', 'markers', 'recordings', 'lessonGoals', 'lessons', 'helpQuestions', 'cycles', 'trajectories', 'coachees'] as const

/**
 * Removes every demo record (tombstones, as any removal) and the demo's video. Coachee first, so it
 * leaves the list at once; safe to run again after an interruption, and it touches no real record.
 */
export async function removeDemo(repos: Repositories, video: DemoVideoStore): Promise<void> {
  for (const table of [...TABLES].reverse()) {
    const demo = (await repos[table].all()).filter((r) => isDemoId(r.id))
    for (const record of demo) {
      if (table === 'recordings') {
        for (const file of await repos.videoFiles.byRecordings([record.id])) {
          await video.remove(file.name).catch(() => undefined)
          await repos.videoFiles.remove(file.id)
        }
      }
      await repos[table].remove(record.id)
    }
  }
}

export async function hasDemo(repos: Repositories): Promise<boolean> {
  return (await repos.coachees.all()).some((c) => isDemoId(c.id))
}

/**
 * Writes the demo coachee with one finished cycle: intake, a recorded visit (its clip `videoBytes`
 * kept as a whole file on the tablet), markers, observations and a nagesprek. Any earlier demo goes first.
 */
export async function installDemo(
  repos: Repositories,
  video: DemoVideoStore,
  videoBytes: Uint8Array<ArrayBuffer>,
  locale: Locale,
  now = Date.now(),
): Promise<Coachee> {
  await removeDemo(repos, video)
  const text = (t: { nl: string; en: string }): string => localize(t, locale)
  const id = newDemoId
  const daysAgo = (days: number): number => now - days * DAY_MS
  const ids = { coachee: id(), trajectory: id(), cycle: id(), lesson: id(), recording: id() }

  const clipStart = daysAgo(7)
  const clipEnd = clipStart + DEMO_VIDEO_SECONDS * 1000
  const questionIds = content.helpQuestions.map(() => id())
  const markerIds = content.markers.map(() => id())
  const videoFile: VideoFile = {
    id: id(), recordingId: ids.recording, kind: 'full', name: `${ids.recording}-full.mp4`,
    startSec: 0, endSec: DEMO_VIDEO_SECONDS, size: videoBytes.byteLength, reached: videoBytes.byteLength,
    crc: crc32(videoBytes), state: 'done', createdAt: now, updatedAt: now,
  }
  await video.write(videoFile.name, videoBytes)
  await repos.videoFiles.put(videoFile)

  await repos.followUps.create({
    cycleId: ids.cycle, heldOn: isoDate(new Date(daysAgo(5))),
    fragments: content.markers.flatMap((m, i) => (m.chosenOrder === null ? [] : [{
      markerId: markerIds[i]!,
      answers: m.answers.map((answer) => ({ question: text(defaultTemplate.reflectiveQuestions[m.kind][0]!), answer: text(answer) })),
    }])),
    conclusions: text(content.followUp.conclusions), agreements: text(content.followUp.agreements), nextSteps: text(content.followUp.nextSteps),
  }, { id: id() })
  for (const o of content.observations) {
    await repos.observations.create({ lessonId: ids.lesson, ...o.cell, rating: o.rating, notes: text(o.notes) }, { id: id() })
  }
  for (const [i, m] of content.markers.entries()) {
    await repos.markers.create({
      lessonId: ids.lesson, kind: m.kind, tappedAt: clipStart + m.offsetSec * 1000, recordingId: ids.recording, offsetSec: m.offsetSec,
      view: m.view, cell: m.cell, helpQuestionId: questionIds[m.helpQuestion] ?? null, note: text(m.note),
      leadSec: DEFAULT_LEAD_SEC, lagSec: DEFAULT_LAG_SEC, chosen: m.chosenOrder !== null, chosenOrder: m.chosenOrder, origin: 'tap',
    }, { id: markerIds[i] })
  }
  await repos.recordings.create({
    lessonId: ids.lesson, clipIndex: 0, cameraFileUrl: null, startedAt: clipStart, requestedAt: clipStart - 300, confirmedAt: clipStart + 200,
    stoppedAt: clipEnd, durationSec: DEMO_VIDEO_SECONDS, bytes: 'full', cameraFileDeletedAt: clipEnd + 3_600_000,
  }, { id: ids.recording })
  for (const [order, goal] of content.goals.entries()) {
    await repos.lessonGoals.create({ lessonId: ids.lesson, text: text(goal.text), order, evaluation: goal.evaluation, evaluationNote: '' }, { id: id() })
  }
  await repos.lessons.create({
    cycleId: ids.cycle, date: isoDate(new Date(clipStart)), place: 'gym', group: text(content.lessonGroup),
    kijkwijzerTemplateId: defaultTemplate.id, startedAt: clipStart - 60_000, endedAt: clipEnd + 60_000,
  }, { id: ids.lesson })
  for (const [order, q] of content.helpQuestions.entries()) {
    await repos.helpQuestions.create({
      trajectoryId: ids.trajectory, text: text(q.text), priority: q.priority, status: order === 0 ? 'solved' : 'open', order,
      cycleIds: [ids.cycle], solvedWithId: null, evaluation: text(q.evaluation),
    }, { id: questionIds[order] })
  }
  await repos.cycles.create({
    trajectoryId: ids.trajectory, number: 1, steps: { intake: 'done', visit: 'done', followUp: 'done' },
    intakeDate: isoDate(new Date(daysAgo(14))), intakeNotes: text(content.intakeNotes),
  }, { id: ids.cycle })
  await repos.trajectories.create({
    coacheeId: ids.coachee, title: text(content.trajectory), startedOn: isoDate(new Date(daysAgo(14))), closedAt: null, notes: '',
  }, { id: ids.trajectory })
  return repos.coachees.create({
    name: text(content.coachee.name), role: 'student', school: text(content.coachee.school), notes: '', archivedAt: null,
  }, { id: ids.coachee })
}
