import { describe, expect, it } from 'vitest'
import type { Coachee, Cycle, FollowUp, Lesson, Marker, Recording, Trajectory, VideoFile } from './model'
import { RETENTION_DEFAULTS, dueForDeletion, retentionPlan, validateRetentionSettings, type RetentionRecords } from './retention'

// A Dutch tablet: the clock goes back on 25 October 2026, so a day is not always 24 hours.
process.env.TZ = 'Europe/Amsterdam'
const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime()
const base = { createdAt: 1, updatedAt: 1, deletedAt: null }

const coachee: Coachee = { ...base, id: 'c', name: 'Sanne', role: 'student', school: '', notes: '', archivedAt: null }
const trajectory: Trajectory = { ...base, id: 't', coacheeId: 'c', title: '', startedOn: '2026-09-01', closedAt: null, notes: '' }
const cycle: Cycle = { ...base, id: 'y', trajectoryId: 't', number: 1, steps: { intake: 'done', visit: 'done', followUp: 'open' }, intakeDate: null, intakeNotes: '' }
const lesson: Lesson = { ...base, id: 'l', cycleId: 'y', date: null, place: 'gym', group: '', kijkwijzerTemplateId: 'hgw', startedAt: null, endedAt: null }
const recording: Recording = { ...base, id: 'r', lessonId: 'l', clipIndex: 0, cameraFileUrl: null, startedAt: 0, requestedAt: 0, confirmedAt: 0, stoppedAt: 1, durationSec: 300, bytes: 'full' }
const followUp: FollowUp = { ...base, id: 'f', cycleId: 'y', heldOn: '2026-10-01', fragments: [], conclusions: '', agreements: '', nextSteps: '' }
const file = (id: string, kind: VideoFile['kind'], startSec: number, endSec: number): VideoFile =>
  ({ id, recordingId: 'r', kind, name: `${id}.mp4`, startSec, endSec, size: 1, reached: 1, crc: 0, state: 'done', createdAt: 1, updatedAt: 1 })
const marker = (id: string, offsetSec: number, chosen: boolean): Marker => ({
  ...base, id, lessonId: 'l', kind: 'pearl', tappedAt: 0, recordingId: 'r', offsetSec, view: null, cell: null, helpQuestionId: null, note: '',
  leadSec: 10, lagSec: 10, chosen, chosenOrder: chosen ? 0 : null,
})

function records(changes: Partial<RetentionRecords> = {}): RetentionRecords {
  return {
    coachees: [coachee], trajectories: [trajectory], cycles: [cycle], lessons: [lesson], recordings: [recording],
    markers: [marker('m1', 50, true), marker('m2', 200, false)], followUps: [followUp],
    videoFiles: [file('full', 'full', 0, 300), file('frag1', 'fragment', 40, 60), file('frag2', 'fragment', 190, 210)],
    keptUntil: new Map(), ...changes,
  }
}
const held = { ...cycle, steps: { ...cycle.steps, followUp: 'done' as const } }

describe('retention', () => {
  it('keeps everything while the nagesprek is not held and the trajectory runs', () => {
    expect(retentionPlan(records(), RETENTION_DEFAULTS, at(2027, 6, 1))).toEqual([])
  })

  it('deletes the whole recording 14 days after the nagesprek, warning 3 days before; the fragments stay', () => {
    const r = records({ cycles: [held] })
    const [item, ...rest] = retentionPlan(r, RETENTION_DEFAULTS, at(2026, 10, 5))
    expect(rest).toEqual([])
    expect(item).toEqual({ kind: 'fullRecording', coacheeId: 'c', recordingId: 'r', videoFileIds: ['full'], dueAt: at(2026, 10, 15), keptLonger: false, state: 'scheduled' })
    expect(retentionPlan(r, RETENTION_DEFAULTS, at(2026, 10, 12))[0]!.state).toBe('warn')
    expect(dueForDeletion(retentionPlan(r, RETENTION_DEFAULTS, at(2026, 10, 14)))).toEqual([])
    expect(dueForDeletion(retentionPlan(r, RETENTION_DEFAULTS, at(2026, 10, 15))).map((i) => i.videoFileIds)).toEqual([['full']])
    expect(retentionPlan(r, { ...RETENTION_DEFAULTS, recordingDays: 30 }, at(2026, 10, 5))[0]!.dueAt).toBe(at(2026, 10, 31))
  })

  it('counts from when the step was done if the nagesprek has no date, and not at all once it is reopened', () => {
    const noDate = records({ cycles: [{ ...held, updatedAt: at(2026, 11, 2, 9) }], followUps: [{ ...followUp, heldOn: null }] })
    expect(retentionPlan(noDate, RETENTION_DEFAULTS, 0)[0]!.dueAt).toBe(at(2026, 11, 16, 9))
    expect(retentionPlan(records({ cycles: [{ ...cycle, steps: { ...cycle.steps, followUp: 'open' } }] }), RETENTION_DEFAULTS, at(2027, 1, 1))).toEqual([])
  })

  it('keeps a day a day across the clock change (25 October 2026)', () => {
    const r = records({ cycles: [held], followUps: [{ ...followUp, heldOn: '2026-10-20' }] })
    expect(new Date(retentionPlan(r, RETENTION_DEFAULTS, 0)[0]!.dueAt).getHours()).toBe(12)
  })

  it('deletes fragments 14 days after the trajectory closed', () => {
    const r = records({ cycles: [held], trajectories: [{ ...trajectory, closedAt: at(2026, 12, 1) }] })
    const plan = retentionPlan(r, RETENTION_DEFAULTS, at(2026, 12, 10))
    expect(plan.map((i) => [i.kind, i.videoFileIds, i.dueAt, i.state])).toEqual([
      ['fullRecording', ['full'], at(2026, 10, 15), 'due'],
      ['fragments', ['frag1', 'frag2'], at(2026, 12, 15), 'scheduled'],
    ])
  })

  it('never deletes a fragment chosen for an unfinished nagesprek, whatever the dates say', () => {
    const r = records({ trajectories: [{ ...trajectory, closedAt: at(2026, 10, 1) }] })
    const plan = retentionPlan(r, RETENTION_DEFAULTS, at(2027, 6, 1))
    expect(plan.map((i) => [i.kind, i.state, i.heldBy])).toEqual([['fragments', 'held', 'nagesprek']])
    expect(dueForDeletion(plan)).toEqual([])
    // Once the marker is no longer chosen, they may go.
    const unchosen = records({ trajectories: r.trajectories, markers: [marker('m1', 50, false)] })
    expect(dueForDeletion(retentionPlan(unchosen, RETENTION_DEFAULTS, at(2027, 6, 1))).map((i) => i.kind)).toEqual(['fragments'])
    // A chosen marker outside every fragment holds nothing.
    const elsewhere = records({ trajectories: r.trajectories, markers: [marker('m1', 120, true)] })
    expect(retentionPlan(elsewhere, RETENTION_DEFAULTS, at(2027, 6, 1))[0]!.state).toBe('due')
  })

  it('keeps something longer when the coach chose so, and says so', () => {
    const r = records({ cycles: [held], keptUntil: new Map([['r', at(2027, 3, 1)]]) })
    expect(retentionPlan(r, RETENTION_DEFAULTS, at(2026, 11, 1))[0]).toMatchObject({ dueAt: at(2027, 3, 1), keptLonger: true, state: 'scheduled' })
    // A date before the rule's own changes nothing.
    const earlier = records({ cycles: [held], keptUntil: new Map([['r', at(2026, 10, 2)]]) })
    expect(retentionPlan(earlier, RETENTION_DEFAULTS, 0)[0]).toMatchObject({ dueAt: at(2026, 10, 15), keptLonger: false })
  })

  it('deletes an archived coachee with all their video after 12 months (31 January → end of the month)', () => {
    const r = records({ coachees: [{ ...coachee, archivedAt: at(2026, 1, 31) }], cycles: [held] })
    expect(retentionPlan(r, RETENTION_DEFAULTS, at(2026, 6, 1))).toEqual([
      { kind: 'archivedCoachee', coacheeId: 'c', videoFileIds: ['full', 'frag1', 'frag2'], dueAt: at(2027, 1, 31), keptLonger: false, state: 'scheduled' },
    ])
    expect(retentionPlan(r, { ...RETENTION_DEFAULTS, archivedMonths: 1 }, 0)[0]!.dueAt).toBe(at(2026, 2, 28))
    // Not while a nagesprek of theirs still waits for a chosen fragment.
    const open = records({ coachees: r.coachees })
    expect(retentionPlan(open, RETENTION_DEFAULTS, at(2030, 1, 1))[0]!.state).toBe('held')
  })

  it('after a verified upload the whole recording goes once the warning days after the nagesprek are over; never while still uploading', () => {
    const verified = records({ cycles: [held], uploads: new Map([['full', at(2026, 10, 3)]]) })
    expect(retentionPlan(verified, RETENTION_DEFAULTS, at(2026, 10, 3))[0]).toMatchObject({ kind: 'fullRecording', dueAt: at(2026, 10, 6), state: 'warn' })
    // Verified long after: the rule's own date stands.
    const late = records({ cycles: [held], uploads: new Map([['full', at(2026, 11, 1)]]) })
    expect(retentionPlan(late, RETENTION_DEFAULTS, 0)[0]!.dueAt).toBe(at(2026, 10, 15))
    const sending = records({ cycles: [held], uploads: new Map([['full', null]]) })
    const [item] = retentionPlan(sending, RETENTION_DEFAULTS, at(2027, 1, 1))
    expect(item).toMatchObject({ state: 'held', heldBy: 'upload' })
    expect(dueForDeletion([item!])).toEqual([])
  })

  it('ignores what is already deleted', () => {
    const r = records({ cycles: [held], recordings: [{ ...recording, deletedAt: 5 }] })
    expect(retentionPlan(r, RETENTION_DEFAULTS, 0)).toEqual([])
  })

  it('checks the settings', () => {
    expect(validateRetentionSettings(RETENTION_DEFAULTS)).toBeNull()
    expect(validateRetentionSettings({ ...RETENTION_DEFAULTS, recordingDays: 0 })).toEqual({ field: 'recordingDays', min: 1, max: 365 })
    expect(validateRetentionSettings({ ...RETENTION_DEFAULTS, archivedMonths: 1.5 })).toEqual({ field: 'archivedMonths', min: 1, max: 120 })
  })
})
