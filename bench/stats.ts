/** Order statistics of a sample of times in ms, rounded for printing. */
export function summarize(values: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
  const round = (v: number) => Math.round(v * 100) / 100
  return { n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1] ?? Number.NaN) }
}

export function median(values: number[]): number {
  return summarize(values).p50
}
