import { ref } from 'vue'
import { useNotices } from './useNotices'

/**
 * A command a screen starts (a tap, a save): while it runs `busy`; when it fails the coach is told
 * in Dutch what to do (useNotices) and it is logged under `name`. `run` resolves undefined then,
 * so a handler can go on without a catch of its own.
 */
export function useCommand<A extends unknown[], R>(name: string, action: (...args: A) => Promise<R>) {
  const notices = useNotices()
  const busy = ref(false)

  async function run(...args: A): Promise<R | undefined> {
    busy.value = true
    try {
      return await action(...args)
    } catch (error) {
      await notices.report(error, name)
      return undefined
    } finally {
      busy.value = false
    }
  }

  return { run, busy }
}
