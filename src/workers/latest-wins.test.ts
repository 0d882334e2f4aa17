import { describe, expect, it } from 'vitest'
import { createLatestWins } from './latest-wins'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('latest wins', () => {
  it('runs one job at a time and only the newest of those that waited', async () => {
    const started: number[] = []
    const dropped: number[] = []
    const gates = new Map<number, ReturnType<typeof deferred>>()
    const queue = createLatestWins<number>(
      (n) => {
        started.push(n)
        const gate = deferred()
        gates.set(n, gate)
        return gate.promise
      },
      (n) => dropped.push(n),
    )
    queue.push(1)
    queue.push(2)
    queue.push(3)
    queue.push(4)
    expect(started).toEqual([1])
    expect(dropped).toEqual([2, 3])
    expect(queue.busy).toBe(true)
    gates.get(1)!.resolve()
    await Promise.resolve()
    await Promise.resolve()
    expect(started).toEqual([1, 4])
    gates.get(4)!.resolve()
    await new Promise((r) => setTimeout(r, 0))
    expect(queue.busy).toBe(false)
    queue.push(5)
    expect(started).toEqual([1, 4, 5])
  })
})
