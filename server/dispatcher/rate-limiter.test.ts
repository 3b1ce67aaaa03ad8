import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rate-limiter'

describe('RateLimiter', () => {
  it('lets a burst of one second through, then paces to the rate', async () => {
    let now = 0
    const sleeps: number[] = []
    const limiter = new RateLimiter(
      () => now,
      async (ms) => {
        sleeps.push(ms)
        now += ms
      },
    )
    for (let i = 0; i < 5; i++) await limiter.take('c1', 5)
    expect(sleeps).toEqual([])
    await limiter.take('c1', 5)
    await limiter.take('c1', 5)
    expect(sleeps).toEqual([200, 200])
    expect(now).toBe(400)
  })
  it('keeps connections apart', async () => {
    let now = 0
    const limiter = new RateLimiter(
      () => now,
      async (ms) => {
        now += ms
      },
    )
    await limiter.take('a', 1)
    await limiter.take('b', 1)
    expect(now).toBe(0)
    await limiter.take('a', 1)
    expect(now).toBe(1000)
  })
})
