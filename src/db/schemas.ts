import * as v from 'valibot'
import type { StepStatus } from '../domain/model'
import type { RecordTableName, RecordTables } from './database'

/**
 * Valibot schemas of the stored records, used to check a backup before it touches the database.
 * They mirror src/domain/model.ts; schemas.test.ts proves each output type equals its model type,
 * so a change to the model that isn't made here fails the type check.
 */

const time = v.number()
/** ISO `YYYY-MM-DD` in the model; kept a plain string so a backup never rejects what the app wrote. */
const calendarDate = v.string()

const entity = {
  // Stricter than the model's `string`: an empty key would be a broken record.
  id: v.pipe(v.string(), v.minLength(1)),
  createdAt: time,
  updatedAt: time,
  deletedAt: v.nullable(time),
}

const stepStatus = v.picklist(['open', 'done', 'skipped'] satisfies StepStatus[])

export const recordSchemas = {
  coachees: v.object({
    ...entity,
    name: v.string(),
    role: v.picklist(['student', 'startingTeacher', 'experiencedTeacher']),
    school: v.string(),
    notes: v.string(),
    archivedAt: v.nullable(time),
  }),
  trajectories: v.object({
    ...entity,
    coacheeId: v.string(),
    title: v.string(),
    startedOn: calendarDate,
    closedAt: v.nullable(time),
    notes: v.string(),
  }),
  cycles: v.object({
    ...entity,
    trajectoryId: v.string(),
    number: v.number(),
    steps: v.object({ intake: stepStatus, visit: stepStatus, followUp: stepStatus }),
    intakeDate: v.nullable(calendarDate),
    intakeNotes: v.string(),
  }),
  helpQuestions: v.object({
    ...entity,
    trajectoryId: v.string(),
    text: v.string(),
    priority: v.picklist(['primary', 'secondary']),
    status: v.picklist(['open', 'solved', 'dropped']),
    order: v.number(),
    cycleIds: v.array(v.string()),
    solvedWithId: v.nullable(v.string()),
    evaluation: v.string(),
  }),
  lessons: v.object({
    ...entity,
    cycleId: v.string(),
    date: v.nullable(calendarDate),
    place: v.picklist(['gym', 'classroom', 'outside', 'other']),
    group: v.string(),
    kijkwijzerTemplateId: v.string(),
    startedAt: v.nullable(time),
    endedAt: v.nullable(time),
    consentConfirmedAt: v.optional(v.nullable(time)),
    consentNote: v.optional(v.string()),
    hiddenSectors: v.optional(v.array(v.object({ fromYaw: v.pipe(v.number(), v.finite()), toYaw: v.pipe(v.number(), v.finite()) }))),
  }),
  lessonGoals: v.object({
    ...entity,
    lessonId: v.string(),
    text: v.string(),
    order: v.number(),
    evaluation: v.nullable(v.picklist(['achieved', 'partly', 'notAchieved'])),
    evaluationNote: v.string(),
  }),
  recordings: v.object({
    ...entity,
    lessonId: v.string(),
    clipIndex: v.number(),
    cameraFileUrl: v.nullable(v.string()),
    startedAt: time,
    requestedAt: time,
    confirmedAt: time,
    stoppedAt: v.nullable(time),
    durationSec: v.nullable(v.number()),
    bytes: v.picklist(['none', 'fragments', 'full']),
    cameraFileDeletedAt: v.optional(v.nullable(time)),
  }),
  markers: v.object({
    ...entity,
    lessonId: v.string(),
    kind: v.picklist(['pearl', 'puzzle']),
    tappedAt: time,
    recordingId: v.nullable(v.string()),
    offsetSec: v.nullable(v.number()),
    view: v.nullable(v.object({ yaw: v.number(), pitch: v.number(), fov: v.number() })),
    cell: v.nullable(v.object({ rowId: v.string(), columnId: v.string() })),
    helpQuestionId: v.nullable(v.string()),
    note: v.string(),
    leadSec: v.number(),
    lagSec: v.number(),
    chosen: v.boolean(),
    chosenOrder: v.nullable(v.number()),
    origin: v.optional(v.picklist(['tap', 'review'])),
  }),
  observations: v.object({
    ...entity,
    lessonId: v.string(),
    rowId: v.string(),
    columnId: v.string(),
    rating: v.nullable(v.number()),
    notes: v.string(),
  }),
  followUps: v.object({
    ...entity,
    cycleId: v.string(),
    heldOn: v.nullable(calendarDate),
    fragments: v.array(v.object({ markerId: v.string(), answers: v.array(v.object({ question: v.string(), answer: v.string() })) })),
    conclusions: v.string(),
    agreements: v.string(),
    nextSteps: v.string(),
  }),
} satisfies { [K in RecordTableName]: v.GenericSchema<RecordTables[K]> }
