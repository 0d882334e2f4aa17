/**
 * The coaching model (ARCHITECTURE.md §2). Plain data: every record the tablet stores is one of
 * these. Times are ms since the epoch on the tablet clock; calendar dates are ISO `YYYY-MM-DD`.
 */

import type { YawSector } from './sectors'

/** What every stored record carries, so sync can come later without migrations. */
export interface Entity {
  id: string
  createdAt: number
  updatedAt: number
  /** Tombstone: set instead of deleting, so a deletion can be synced. */
  deletedAt: number | null
}

export type CoacheeRole = 'student' | 'startingTeacher' | 'experiencedTeacher'

export interface Coachee extends Entity {
  name: string
  role: CoacheeRole
  /** School or training (pabo, ALO, HALO …). */
  school: string
  notes: string
  archivedAt: number | null
}

/** Begeleidingstraject: one coachee, one coach, a series of cycles. */
export interface Trajectory extends Entity {
  coacheeId: string
  title: string
  startedOn: string
  closedAt: number | null
  notes: string
}

export const CYCLE_STEPS = ['intake', 'visit', 'followUp'] as const
export type CycleStep = (typeof CYCLE_STEPS)[number]
export type StepStatus = 'open' | 'done' | 'skipped'

/** Intake → class visit → follow-up (nagesprek); repeats while help questions stay open. */
export interface Cycle extends Entity {
  trajectoryId: string
  /** 1-based position in the trajectory. */
  number: number
  steps: Record<CycleStep, StepStatus>
  intakeDate: string | null
  intakeNotes: string
}

export type HelpQuestionPriority = 'primary' | 'secondary'
export type HelpQuestionStatus = 'open' | 'solved' | 'dropped'

/** Hulpvraag: agreed at the intake, worked on in one or more cycles. */
export interface HelpQuestion extends Entity {
  trajectoryId: string
  text: string
  priority: HelpQuestionPriority
  status: HelpQuestionStatus
  /** Position among the trajectory's questions (0-based), for a stable order. */
  order: number
  /** The cycles in which this question was worked on. */
  cycleIds: string[]
  /** Solving a primary question often solves a secondary one with it. */
  solvedWithId: string | null
  evaluation: string
}

export type LessonPlace = 'gym' | 'classroom' | 'outside' | 'other'

/** The class visit of a cycle. */
export interface Lesson extends Entity {
  cycleId: string
  date: string | null
  place: LessonPlace
  /** Group or class, e.g. "groep 6" or "3 havo". */
  group: string
  kijkwijzerTemplateId: string
  startedAt: number | null
  endedAt: number | null
  /** When the coach confirmed that consent for filming this group is in order (optional: older records lack it). */
  consentConfirmedAt?: number | null
  /** Pupils who must not be shown, as the coach noted them with the consent. */
  consentNote?: string
  /** Parts of the room kept out of view ("niet in beeld"): black in the player, the preview and the report. */
  hiddenSectors?: YawSector[]
}

export type GoalEvaluation = 'achieved' | 'partly' | 'notAchieved'

/** Lesdoel (OGB): set at the start with the pupils, evaluated at the end. */
export interface LessonGoal extends Entity {
  lessonId: string
  text: string
  order: number
  evaluation: GoalEvaluation | null
  evaluationNote: string
}

export type RecordingBytes = 'none' | 'fragments' | 'full'

/** One clip on the camera. */
export interface Recording extends Entity {
  lessonId: string
  /** 0-based clip number within the lesson. */
  clipIndex: number
  cameraFileUrl: string | null
  /** Tablet clock when the clip is believed to have started (refined once its duration is known). */
  startedAt: number
  /** Tablet clock just before startCapture and when its answer came: the start lies in between. */
  requestedAt: number
  confirmedAt: number
  stoppedAt: number | null
  /** Real duration of the file once known, in seconds. */
  durationSec: number | null
  bytes: RecordingBytes
  /** When the coach deleted the file from the camera after a verified import; absent or null: still there. */
  cameraFileDeletedAt?: number | null
}

export type VideoFileKind = 'full' | 'fragment'
/** 'importing' was interrupted (tab closed, link lost) and resumes by itself; 'paused' waits for the coach. */
export type VideoFileState = 'importing' | 'paused' | 'done'

/**
 * Bytes of a recording on this tablet (a file in the Origin Private File System): the whole camera
 * file, or one fragment cut around markers. Device-local: never synced, never in a backup.
 */
export interface VideoFile {
  id: string
  recordingId: string
  kind: VideoFileKind
  /** The file's name in OPFS. */
  name: string
  /** The stretch of the clip the file holds, on the clip's own time line; a fragment's own time 0 is `startSec`. */
  startSec: number
  endSec: number
  /** Bytes the file will have (a full import: the camera's size) and bytes safely stored so far. */
  size: number
  reached: number
  /** CRC-32 of the stored bytes, so a resumed import can be verified end to end. */
  crc: number
  state: VideoFileState
  createdAt: number
  updatedAt: number
}

/** A 360° view direction in degrees: yaw 0 is the centre of the equirectangular image. */
export interface ViewDirection {
  yaw: number
  pitch: number
  fov: number
}

export type MarkerKind = 'pearl' | 'puzzle'

/**
 * How a marker's moment was set: a tap on the tablet clock (re-placed when its clip's start is
 * re-fitted) or a spot chosen in the recording during review (its recording and offset are the truth).
 */
export type MarkerOrigin = 'tap' | 'review'

export interface KijkwijzerCellRef {
  rowId: string
  columnId: string
}

/** A Parel or Puzzel tapped during (or added after) the visit. */
export interface Marker extends Entity {
  lessonId: string
  kind: MarkerKind
  /** Tablet clock at the tap. */
  tappedAt: number
  /** The recording and offset the tap resolves to; null while no recording covers it ("buiten opname"). */
  recordingId: string | null
  offsetSec: number | null
  view: ViewDirection | null
  cell: KijkwijzerCellRef | null
  helpQuestionId: string | null
  note: string
  /** Clip window around the moment, in seconds before and after. */
  leadSec: number
  lagSec: number
  chosen: boolean
  chosenOrder: number | null
  /** Absent means 'tap' (records written before this field existed). */
  origin?: MarkerOrigin
}

/** One cell of the kijkwijzer as observed in a lesson. */
export interface Observation extends Entity {
  lessonId: string
  rowId: string
  columnId: string
  /** 1–4 (see RATING_SCALE); null when only notes were made. */
  rating: number | null
  notes: string
}

export interface QuestionAnswer {
  question: string
  answer: string
}

export interface FragmentConversation {
  markerId: string
  answers: QuestionAnswer[]
}

/** Nagesprek. */
export interface FollowUp extends Entity {
  cycleId: string
  heldOn: string | null
  fragments: FragmentConversation[]
  conclusions: string
  agreements: string
  nextSteps: string
}

/** The languages the app speaks; Dutch is the default. */
export type Locale = 'nl' | 'en'

/** A text in the languages the app speaks. */
export type LocalText = Record<Locale, string>

/** Which markers a reflective question suits. */
export type QuestionKind = 'any' | MarkerKind

/** A reflective question the coach added; typed in one language, the other may stay empty. */
export interface CoachQuestion {
  kind: QuestionKind
  text: LocalText
}

export interface KijkwijzerColumn extends LocalText {
  id: string
}

/** A cell's descriptor; `short` is what fits on a button in the tag sheet (a coach's own template may lack it). */
export interface KijkwijzerDescriptor extends LocalText {
  short?: LocalText
}

export interface KijkwijzerRow extends LocalText {
  id: string
  cells: Record<string, KijkwijzerDescriptor>
}

/** An observation instrument: data, not code, so coaches can bring their own. */
export interface KijkwijzerTemplate {
  id: string
  name: LocalText
  source?: string
  columns: KijkwijzerColumn[]
  rows: KijkwijzerRow[]
  reflectiveQuestions: Record<QuestionKind, LocalText[]>
  pearlToPuzzleRatio: [number, number]
}
