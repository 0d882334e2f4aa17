import type { Locale, LocalText } from './model'

export const LOCALES: readonly Locale[] = ['nl', 'en']
export const DEFAULT_LOCALE: Locale = 'nl'

/** The text in the asked language, else in the other: a coach's own template may be in Dutch only. */
export function localize(text: LocalText, locale: Locale): string {
  const own = text[locale].trim()
  if (own !== '') return own
  return LOCALES.map((l) => text[l].trim()).find((t) => t !== '') ?? ''
}
