import { liveQuery } from 'dexie'
import { onScopeDispose, shallowRef, watch, type Ref, type WatchSource } from 'vue'

/**
 * A Dexie live query as a Vue ref: it re-runs when the tables it read change (in this tab or
 * another). With `deps`, it also re-subscribes when those change (e.g. a route id).
 */
export function useLiveQuery<T>(query: () => T | Promise<T>, deps?: WatchSource<unknown>, initial?: T): Ref<T | undefined> {
  const result = shallowRef<T | undefined>(initial)
  let subscription: { unsubscribe(): void } | undefined

  function subscribe(): void {
    subscription?.unsubscribe()
    subscription = liveQuery(query).subscribe({
      next: (value) => { result.value = value },
      error: (error: unknown) => { console.error('live query failed', error) },
    })
  }

  if (deps) watch(deps, subscribe, { immediate: true })
  else subscribe()
  onScopeDispose(() => subscription?.unsubscribe())
  return result
}
