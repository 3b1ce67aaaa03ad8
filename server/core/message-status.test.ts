import { describe, expect, it } from 'vitest'
import { retryDelayMs, shouldRetry } from './backoff'
import { nextStatus } from './message-status'
import { keywordAction } from './opt-out-keywords'

describe('nextStatus', () => {
  it('moves forward and never back', () => {
    expect(nextStatus('sending', 'sent')).toBe('sent')
    expect(nextStatus('sent', 'delivered')).toBe('delivered')
    expect(nextStatus('delivered', 'sent')).toBeNull()
    expect(nextStatus('delivered', 'queued')).toBeNull()
    expect(nextStatus('sent', 'queued')).toBeNull()
  })
  it('keeps a final status final', () => {
    expect(nextStatus('undelivered', 'delivered')).toBeNull()
    expect(nextStatus('failed', 'sent')).toBeNull()
    expect(nextStatus('cancelled', 'sent')).toBeNull()
  })
  it('settles an unknown outcome from a provider report', () => {
    expect(nextStatus('unknown', 'sent')).toBe('sent')
    expect(nextStatus('unknown', 'delivered')).toBe('delivered')
  })
  it('treats a callback that arrives before the dispatcher records the send', () => {
    expect(nextStatus('sending', 'delivered')).toBe('delivered')
    expect(nextStatus('sending', 'queued')).toBe('sent')
  })
  it('cancels only a message still waiting for its time', () => {
    expect(nextStatus('scheduled', 'cancelled')).toBe('cancelled')
    expect(nextStatus('scheduled', 'queued')).toBe('sent')
    expect(nextStatus('sent', 'cancelled')).toBeNull()
    expect(nextStatus('sending', 'cancelled')).toBeNull()
    expect(nextStatus('delivered', 'cancelled')).toBeNull()
  })
})

describe('keywordAction', () => {
  it('recognises single-word keywords in any case', () => {
    expect(keywordAction('stop')).toEqual({ action: 'opt_out', keyword: 'STOP' })
    expect(keywordAction(' Unsubscribe. ')).toEqual({ action: 'opt_out', keyword: 'UNSUBSCRIBE' })
    expect(keywordAction('START')).toEqual({ action: 'opt_in', keyword: 'START' })
    expect(keywordAction('help')).toEqual({ action: 'help', keyword: 'HELP' })
  })
  it('ignores keywords inside a sentence', () => {
    expect(keywordAction('STOP PLEASE')).toBeNull()
    expect(keywordAction('I will stop by tomorrow')).toBeNull()
  })
})

describe('retryDelayMs', () => {
  const policy = { baseMs: 1000, maxMs: 8000, maxAttempts: 4 }
  it('grows exponentially within jitter bounds and is capped', () => {
    expect(retryDelayMs(1, policy, () => 0)).toBe(500)
    expect(retryDelayMs(1, policy, () => 1)).toBe(1000)
    expect(retryDelayMs(3, policy, () => 1)).toBe(4000)
    expect(retryDelayMs(10, policy, () => 1)).toBe(8000)
  })
  it('honours a longer Retry-After', () => {
    expect(retryDelayMs(1, policy, () => 0, 30_000)).toBe(30_000)
  })
  it('stops after the last attempt', () => {
    expect(shouldRetry(3, policy)).toBe(true)
    expect(shouldRetry(4, policy)).toBe(false)
  })
})
