import { ref, watch, type Ref } from 'vue'

const PREFIX = 'rondblik:draft:'

/**
 * Text the coach is typing, mirrored synchronously to localStorage so a reload, a crash or a
 * killed tab never loses it; cleared once the text is committed to the database.
 */
export function useDraft(key: () => string | null, initial = ''): { text: Ref<string>; restored: Ref<boolean>; clear(): void } {
  const text = ref(initial)
  const restored = ref(false)

  watch(key, (current) => {
    const saved = current ? localStorage.getItem(PREFIX + current) : null
    restored.value = saved !== null
    text.value = saved ?? initial
  }, { immediate: true })

  watch(text, (value) => {
    const current = key()
    if (current) localStorage.setItem(PREFIX + current, value)
  }, { flush: 'sync' })

  function clear(): void {
    const current = key()
    if (current) localStorage.removeItem(PREFIX + current)
    restored.value = false
  }

  return { text, restored, clear }
}
