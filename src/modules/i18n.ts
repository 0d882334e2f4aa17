import { createI18n } from 'vue-i18n'
import nl from '../i18n/nl'
import en from '../i18n/en'
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

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
}
