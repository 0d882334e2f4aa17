/** Validation of what a coach types: names and free text. The UI maps the error codes to Dutch. */

export const NAME_MAX = 200
export const FREE_TEXT_MAX = 20_000

export type TextError = 'empty' | 'tooLong'

export type TextResult =
  | { ok: true; value: string }
  | { ok: false; error: 'empty' }
  | { ok: false; error: 'tooLong'; max: number }

export interface TextRules {
  max: number
  /** A name must say something; a note may stay empty. */
  required: boolean
}

/** Counted in code points, so an emoji counts as one character the way a coach sees it. */
export function textLength(text: string): number {
  return Array.from(text).length
}

/** Trims the ends only: line breaks and spaces inside, emoji and HTML stay as typed (the UI shows text). */
export function validateText(raw: string, rules: TextRules): TextResult {
  const value = raw.trim()
  if (rules.required && value === '') return { ok: false, error: 'empty' }
  if (textLength(value) > rules.max) return { ok: false, error: 'tooLong', max: rules.max }
  return { ok: true, value }
}

export function validateName(raw: string): TextResult {
  return validateText(raw, { max: NAME_MAX, required: true })
}

export function validateFreeText(raw: string): TextResult {
  return validateText(raw, { max: FREE_TEXT_MAX, required: false })
}

/** Whether a free text says anything (an unanswered question, an empty evaluation). */
export function isBlank(text: string): boolean {
  return text.trim() === ''
}
