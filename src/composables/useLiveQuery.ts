import { liveQuery } from 'dexie'
import { onScopeDispose, shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { useNotices } from './useNotices'

/**
 * A Dexie live query as a Vue ref: it re-runs when the tables it read change (in this tab or
 * another). With `deps`, it also re-subscribes when those change (e.g. a route id).
 */
export function useLiveQuery<T>(query: () => T | Promise<T>, deps?: WatchSource<unknown>, initial?: T): Ref<T | undefined> {
  const result = shallowRef<T | undefined>(initial)
  let subscription: { unsubscribe(): void } | undefined
  const notices = useNotices()

  function subscribe(): void {
    subscription?.unsubscribe()
    subscription = liveQuery(query).subscribe({
      next: (value) => { result.value = value },
      error: (error: unknown) => { void notices.report(error, 'live query') },
    })
  }

  if (deps) watch(deps, subscribe, { immediate: true })
  else subscribe()
  onScopeDispose(() => subscription?.unsubscribe())
  return result
}
