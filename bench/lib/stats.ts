import { cpus, loadavg } from 'node:os'

/** Percentiles, latency sampling and the shared look of benchmark lines. */

export interface LatencySummary {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
}

/** Nearest-rank percentile of ascending `sorted` values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
  }
}

/** Calls `call(i)` `count` times one after another (after `warmUp` unmeasured calls); latencies in ms. */
export async function sampleLatencies(
  count: number,
  call: (i: number) => Promise<unknown>,
  warmUp = Math.min(20, count),
): Promise<LatencySummary> {
  for (let i = 0; i < warmUp; i++) await call(i)
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    const start = performance.now()
    await call(i)
    samples.push(performance.now() - start)
  }
  return summarize(samples)
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-GB')
}

export function formatMs(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1)
}

export function formatLatency(summary: LatencySummary): string {
  return `p50 ${formatMs(summary.p50)} ms, p95 ${formatMs(summary.p95)} ms, p99 ${formatMs(summary.p99)} ms`
}

export function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met'
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** Cores and the 1-minute load average: figures taken on a busy machine say so next to them. */
export function describeMachine(): string {
  return `${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the start`
}
