import { useI18n } from 'vue-i18n'

/** A wait in the coach's words: seconds under two minutes, else whole minutes (rounded up). */
export function useWaitText(): (ms: number) => string {
  const { t } = useI18n()
  return (ms) => {
    const seconds = Math.max(1, Math.ceil(ms / 1000))
    return seconds < 120 ? t('lock.seconds', seconds) : t('lock.minutes', Math.ceil(seconds / 60))
  }
}
