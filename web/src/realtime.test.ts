import { QueryClient, QueryObserver } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { conversationKeys } from './api/conversations'
import { connectRealtime } from './realtime'

/** The browser's EventSource, as far as the stream's client uses it: the test opens it by hand. */
class FakeEventSource {
  static last: FakeEventSource | undefined
  private readonly listeners = new Map<string, ((event: unknown) => void)[]>()
  constructor(readonly url: string) {
    FakeEventSource.last = this
  }
  addEventListener(name: string, listener: (event: unknown) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
  }
  emit(name: string): void {
    for (const listener of this.listeners.get(name) ?? []) listener({})
  }
  close(): void {}
}

describe('the event stream of the signed-in user', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('fetches what the page shows again once the stream opens, first time and after a reconnection', async () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: false } } })
    let fetches = 0
    // the conversation page reads its texts before the stream is open: a delivery in that moment
    // reaches no listener
    const observer = new QueryObserver(queryClient, {
      queryKey: conversationKeys.messages('c1'),
      queryFn: async () => ++fetches,
    })
    const unsubscribe = observer.subscribe(() => {})
    await vi.waitFor(() => expect(observer.getCurrentResult().data).toBe(1))
    const close = connectRealtime(queryClient)
    try {
      FakeEventSource.last?.emit('open')
      await vi.waitFor(() => expect(observer.getCurrentResult().data).toBe(2))
      FakeEventSource.last?.emit('open')
      await vi.waitFor(() => expect(observer.getCurrentResult().data).toBe(3))
    } finally {
      close()
      unsubscribe()
      queryClient.clear()
    }
  })
})
