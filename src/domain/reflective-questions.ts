import { localize } from './locale'
import type { CoachQuestion, KijkwijzerTemplate, Locale, MarkerKind } from './model'

/** Two questions are the same when they differ only in case or spacing. */
export function questionKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase()
}

/**
 * The reflective questions for a marker: the template's general ones first (what happened here?),
 * then those for its kind, then the coach's own; each once, blank ones left out.
 */
export function questionBank(
  template: KijkwijzerTemplate,
  kind: MarkerKind,
  locale: Locale,
  own: readonly CoachQuestion[] = [],
): string[] {
  const texts = [
    ...template.reflectiveQuestions.any,
    ...template.reflectiveQuestions[kind],
    ...own.filter((q) => q.kind === 'any' || q.kind === kind).map((q) => q.text),
  ].map((t) => localize(t, locale))
  const seen = new Set<string>()
  return texts.filter((text) => {
    const key = questionKey(text)
    if (key === '' || seen.has(key)) return false
    seen.add(key)
    return true
  })
}
