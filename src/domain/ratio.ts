import { isLive } from './entity'
import type { Marker, MarkerKind } from './model'
import { isBlank } from './text'

/** Pearls to puzzles, from the template's `pearlToPuzzleRatio` (2:1 by default). */
export type Ratio = readonly [pearls: number, puzzles: number]

export interface SelectionMeasure {
  pearls: number
  puzzles: number
  /** Pearls per puzzle; null without puzzles. */
  ratio: number | null
  /** A non-empty selection that is a whole multiple of the target (2:1, 4:2 …). */
  onTarget: boolean
  /** The fewest fragments to add or drop to get on target (0 when on it). */
  off: number
}

export interface RatioStep {
  action: 'add' | 'drop'
  kind: MarkerKind
  count: number
  /** Best first: `count` of these would do; the coach picks. */
  candidateIds: string[]
}

export interface RatioSuggestion {
  measure: SelectionMeasure
  /** False when the lesson has too few tagged moments on a recording for even one multiple of the target. */
  reachable: boolean
  steps: RatioStep[]
}

const isChosen = (m: Marker) => isLive(m) && m.chosen

interface Plan {
  pearls: number
  puzzles: number
  cost: number
  drops: number
}

/** The target multiple k·(a, b) nearest to the counts; ties go to fewer drops (the coach chose those), then fewer fragments. */
function nearestMultiple(pearls: number, puzzles: number, [a, b]: Ratio, maxK: number): Plan | null {
  let best: Plan | null = null
  for (let k = 1; k <= maxK; k++) {
    const dp = k * a - pearls
    const dz = k * b - puzzles
    const plan = { pearls: dp, puzzles: dz, cost: Math.abs(dp) + Math.abs(dz), drops: Math.max(0, -dp) + Math.max(0, -dz) }
    if (!best || plan.cost < best.cost || (plan.cost === best.cost && plan.drops < best.drops)) best = plan
  }
  return best
}

function count(markers: readonly Marker[], kind: MarkerKind): number {
  return markers.filter((m) => m.kind === kind).length
}

/** How the chosen fragments of a lesson stand against the ratio. */
export function measureSelection(markers: readonly Marker[], target: Ratio): SelectionMeasure {
  return measureMarkers(markers.filter(isChosen), target)
}

/** How a set of markers stands against the ratio: during the visit, everything tapped so far. */
export function measureMarkers(markers: readonly Marker[], target: Ratio): SelectionMeasure {
  const chosen = markers.filter(isLive)
  const pearls = count(chosen, 'pearl')
  const puzzles = count(chosen, 'puzzle')
  // Beyond this multiple every step only moves further away.
  const maxK = Math.max(1, Math.ceil(Math.max(pearls / target[0], puzzles / target[1])))
  const off = nearestMultiple(pearls, puzzles, target, maxK)?.cost ?? 0
  return { pearls, puzzles, ratio: puzzles === 0 ? null : pearls / puzzles, onTarget: off === 0, off }
}

/** A marker with a note, cell or help question makes a richer conversation. */
function richness(m: Marker): number {
  return Number(!isBlank(m.note)) + Number(m.cell !== null) + Number(m.helpQuestionId !== null)
}

function byRichness(markers: Marker[]): Marker[] {
  return markers.sort((x, y) => richness(y) - richness(x) || x.tappedAt - y.tappedAt)
}

/** Drop the plainest first, and of equals the one added last. */
function byPlainness(markers: Marker[]): Marker[] {
  return markers.sort((x, y) => richness(x) - richness(y) || (y.chosenOrder ?? Infinity) - (x.chosenOrder ?? Infinity) || y.tappedAt - x.tappedAt)
}

/**
 * What to add or drop to reach the ratio, with candidates. Only markers on a recording can be added:
 * a moment "buiten opname" has no fragment to show. A guide, never a block.
 */
export function suggestSelection(markers: readonly Marker[], target: Ratio): RatioSuggestion {
  const measure = measureSelection(markers, target)
  const chosen = markers.filter(isChosen)
  const available = markers.filter((m) => isLive(m) && !m.chosen && m.recordingId !== null)
  const maxK = Math.min(
    Math.floor((measure.pearls + count(available, 'pearl')) / target[0]),
    Math.floor((measure.puzzles + count(available, 'puzzle')) / target[1]),
  )
  const plan = nearestMultiple(measure.pearls, measure.puzzles, target, maxK)
  if (!plan) return { measure, reachable: false, steps: [] }
  const steps = (['pearl', 'puzzle'] as const).flatMap((kind): RatioStep[] => {
    const delta = kind === 'pearl' ? plan.pearls : plan.puzzles
    const ofKind = (list: readonly Marker[]) => list.filter((m) => m.kind === kind)
    if (delta > 0) return [{ action: 'add', kind, count: delta, candidateIds: byRichness(ofKind(available)).map((m) => m.id) }]
    if (delta < 0) return [{ action: 'drop', kind, count: -delta, candidateIds: byPlainness(ofKind(chosen)).map((m) => m.id) }]
    return []
  })
  return { measure, reachable: true, steps }
}
