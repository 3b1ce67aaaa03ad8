/**
 * A token bucket per connection: at most `ratePerSecond` sends per second, with a burst of one
 * second's worth. Time and sleeping are injected so tests need no real waiting.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()
  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async take(key: string, ratePerSecond: number): Promise<void> {
    for (;;) {
      const now = this.now()
      const bucket = this.buckets.get(key) ?? { tokens: ratePerSecond, at: now }
      bucket.tokens = Math.min(ratePerSecond, bucket.tokens + ((now - bucket.at) * ratePerSecond) / 1000)
      bucket.at = now
      this.buckets.set(key, bucket)
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return
      }
      await this.sleep(((1 - bucket.tokens) * 1000) / ratePerSecond)
    }
  }
}
