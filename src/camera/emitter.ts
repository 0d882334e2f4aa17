// A tiny typed event emitter for the follower and the recorder (stores subscribe with `on`).

export type Listener<A extends unknown[]> = (...args: A) => void

export interface Emitter<E extends Record<string, unknown[]>> {
  /** Returns the function that unsubscribes. */
  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void
  emit<K extends keyof E>(event: K, ...args: E[K]): void
}

export function createEmitter<E extends Record<string, unknown[]>>(): Emitter<E> {
  // Stored loosely typed; `on` and `emit` keep each event's arguments checked.
  const listeners = new Map<keyof E, Set<(...args: never) => void>>()
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    },
    emit(event, ...args) {
      for (const listener of listeners.get(event) ?? []) {
        try {
          ;(listener as unknown as Listener<E[typeof event]>)(...args)
        } catch (e) {
          // A broken listener must not stop the camera loop; rethrow outside it so it is still seen.
          queueMicrotask(() => {
            throw e
          })
        }
      }
    },
  }
}
