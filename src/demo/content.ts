import type { GoalEvaluation, HelpQuestionPriority, KijkwijzerCellRef, LocalText, MarkerKind, ViewDirection } from '../domain/model'

/**
 * What the demo cycle says, in both languages: a student PE teacher's first visit, its markers and
 * nagesprek. Data, like the kijkwijzer template; ids and times are made when it is installed.
 */
export interface DemoMarker {
  kind: MarkerKind
  /** Where in the demo clip, in seconds. */
  offsetSec: number
  /** Each a different way into the emulator's room, between its landmarks (every 90°), as a coach turns. */
  view: ViewDirection
  cell: KijkwijzerCellRef
  /** Index into `helpQuestions`. */
  helpQuestion: number
  note: LocalText
  /** Place in the nagesprek (0-based), or null when not chosen. */
  chosenOrder: number | null
  answers: LocalText[]
}

export const DEMO_VIDEO_URL = 'demo/demo-visit.mp4'
/** The length of the shipped clip (scripts/demo-video.ts makes it). */
export const DEMO_VIDEO_SECONDS = 30

export const demoContent = {
  coachee: { name: { nl: 'Sanne (demo)', en: 'Sanne (demo)' }, school: { nl: 'ALO, voorbeeld', en: 'ALO, example' } },
  trajectory: { nl: 'Voorbeeldtraject', en: 'Example trajectory' },
  intakeNotes: {
    nl: 'Sanne loopt stage in groep 7. Ze wil de hele zaal in beeld houden en korter instrueren.',
    en: 'Sanne is on placement in year 7. She wants to keep the whole gym in view and instruct more briefly.',
  },
  helpQuestions: [
    {
      priority: 'primary' as HelpQuestionPriority,
      text: { nl: 'Hoe houd ik de hele groep in beeld tijdens de warming-up?', en: 'How do I keep the whole group in view during the warm-up?' },
      evaluation: { nl: 'Gaat beter: ze staat nu aan de rand en kijkt de zaal rond.', en: 'Better: she now stands at the edge and scans the gym.' },
    },
    {
      priority: 'secondary' as HelpQuestionPriority,
      text: { nl: 'Hoe geef ik korte, duidelijke instructies?', en: 'How do I give short, clear instructions?' },
      evaluation: { nl: 'Nog open: volgende cyclus verder.', en: 'Still open: next cycle.' },
    },
  ],
  lessonGroup: { nl: 'groep 7', en: 'year 7' },
  goals: [
    { text: { nl: 'Iedereen kan de bal in één keer aangooien.', en: 'Everyone can pass the ball in one go.' }, evaluation: 'achieved' as GoalEvaluation },
    { text: { nl: 'We wachten op elkaar bij het wisselen.', en: 'We wait for each other when switching.' }, evaluation: 'partly' as GoalEvaluation },
  ],
  markers: [
    {
      kind: 'pearl', offsetSec: 6, view: { yaw: 40, pitch: 0, fov: 90 },
      cell: { rowId: 'interaction', columnId: 'relation' }, helpQuestion: 0,
      note: { nl: 'Noemt een leerling bij naam en knikt.', en: 'Calls a pupil by name and nods.' },
      chosenOrder: 0,
      answers: [{ nl: 'Ik zag dat hij twijfelde en wilde hem laten merken dat ik hem zag.', en: 'I saw him hesitate and wanted him to know I saw him.' }],
    },
    {
      kind: 'puzzle', offsetSec: 14, view: { yaw: 130, pitch: 0, fov: 90 },
      cell: { rowId: 'organisation', columnId: 'autonomy' }, helpQuestion: 0,
      note: { nl: 'Staat met de rug naar het rechterveld.', en: 'Stands with her back to the right-hand field.' },
      chosenOrder: 1,
      answers: [{ nl: 'Ik zou aan de zijkant gaan staan, dan zie ik beide velden.', en: 'I would stand at the side, so I see both fields.' }],
    },
    {
      kind: 'pearl', offsetSec: 23, view: { yaw: -50, pitch: 0, fov: 90 },
      cell: { rowId: 'instruction', columnId: 'competence' }, helpQuestion: 1,
      note: { nl: 'Korte instructie, daarna meteen doen.', en: 'Short instruction, then straight into it.' },
      chosenOrder: 2,
      answers: [{ nl: 'Ik had de instructie vooraf op één kaartje gezet.', en: 'I had put the instruction on one card beforehand.' }],
    },
    {
      kind: 'pearl', offsetSec: 27, view: { yaw: -140, pitch: 0, fov: 90 },
      cell: { rowId: 'interaction', columnId: 'competence' }, helpQuestion: 0,
      note: { nl: 'Vraagt wat er goed ging.', en: 'Asks what went well.' },
      chosenOrder: null,
      answers: [],
    },
  ] satisfies DemoMarker[],
  observations: [
    { cell: { rowId: 'interaction', columnId: 'relation' }, rating: 3, notes: { nl: 'Veel oogcontact.', en: 'Plenty of eye contact.' } },
    { cell: { rowId: 'organisation', columnId: 'autonomy' }, rating: 2, notes: { nl: 'Overzicht nog wisselend.', en: 'Overview still varies.' } },
  ],
  followUp: {
    conclusions: { nl: 'Waar Sanne aan de rand staat, ziet ze de hele groep.', en: 'Where Sanne stands at the edge, she sees the whole group.' },
    agreements: { nl: 'Bij elke wissel eerst naar de rand lopen.', en: 'At every switch, walk to the edge first.' },
    nextSteps: { nl: 'Volgende cyclus: instructie in drie zinnen.', en: 'Next cycle: instruction in three sentences.' },
  },
}
