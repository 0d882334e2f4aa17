import { createI18n } from 'vue-i18n'
import nl from './nl'
import en from './en'
import type { Locale } from '../domain/model'

export const i18n = createI18n({
  legacy: false,
  locale: 'nl',
  fallbackLocale: 'nl',
  messages: { nl, en },
  datetimeFormats: {
    nl: {
      short: { day: 'numeric', month: 'long', year: 'numeric' },
      weekday: { weekday: 'long', day: 'numeric', month: 'long' },
      time: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
    },
    en: {
      short: { day: 'numeric', month: 'long', year: 'numeric' },
      weekday: { weekday: 'long', day: 'numeric', month: 'long' },
      time: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
    },
  },
  // Pluralisation and dates follow the locale; missing keys must show up in tests, not silently.
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
})

/** Switches the UI language, and the page's `lang` so screen readers and hyphenation follow. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
}
