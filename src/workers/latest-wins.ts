/**
 * One job at a time, and only the newest waiting: a job that arrives while another runs replaces
 * the one already waiting, which is dropped. For live frames, where late is worse than missing.
 */
export interface LatestWins<J> {
  push(job: J): void
  readonly busy: boolean
}

/** `run` reports its own failures: it must not reject. */
export function createLatestWins<J>(run: (job: J) => Promise<void>, onDrop: (job: J) => void): LatestWins<J> {
  let busy = false
  let waiting: { job: J } | null = null

  async function drain(first: J): Promise<void> {
    busy = true
    let next: { job: J } | null = { job: first }
    while (next) {
      await run(next.job)
      next = waiting
      waiting = null
    }
    busy = false
  }

  return {
    push(job) {
      if (!busy) {
        void drain(job)
        return
      }
      if (waiting) onDrop(waiting.job)
      waiting = { job }
    },
    get busy() {
      return busy
    },
  }
}
