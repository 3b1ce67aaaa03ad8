import { QueryClient, QueryObserver } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRefetcher } from './refetch-after-change'

/** A fetch the test answers by hand, and a record of what each call would read. */
function controlledSource() {
  const answers: ((value: string) => void)[] = []
  return {
    calls: () => answers.length,
    fetch: () => new Promise<string>((resolve) => answers.push(resolve)),
    answer(call: number, value: string) {
      answers[call]?.(value)
    },
  }
}

/** A page showing the query, as a mounted component's useQuery would. */
function watch(queryClient: QueryClient, queryKey: string[], queryFn: () => Promise<string>): void {
  new QueryObserver(queryClient, { queryKey, queryFn }).subscribe(() => {})
}

describe('refetching after a server event', () => {
  let queryClient: QueryClient
  beforeEach(() => {
    vi.useFakeTimers()
    queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 15_000, retry: false } } })
  })
  afterEach(() => {
    queryClient.clear()
    vi.useRealTimers()
  })

  it('fetches a page again when the change came while its first load was under way', async () => {
    const source = controlledSource()
    const key = ['conversations', 'messages', 'c1']
    // the page opens: its first load reads the message before it was delivered
    watch(queryClient, key, source.fetch)
    expect(source.calls()).toBe(1)
    const refetch = createRefetcher(queryClient)

    // the delivery's event comes while that load is under way
    refetch(key)
    await vi.advanceTimersByTimeAsync(150)
    source.answer(0, 'sent')
    await vi.advanceTimersByTimeAsync(150)

    expect(source.calls()).toBe(2)
    source.answer(1, 'delivered')
    await vi.advanceTimersByTimeAsync(0)
    expect(queryClient.getQueryData(key)).toBe('delivered')
  })

  it('asks once for a burst of events on one query', async () => {
    const source = controlledSource()
    const key = ['credits', 'balance']
    queryClient.setQueryData(key, 'before')
    watch(queryClient, key, source.fetch)
    const refetch = createRefetcher(queryClient)

    for (let i = 0; i < 50; i++) refetch(key)
    await vi.advanceTimersByTimeAsync(150)
    source.answer(0, 'after')
    await vi.advanceTimersByTimeAsync(150)

    expect(source.calls()).toBe(1)
    expect(queryClient.getQueryData(key)).toBe('after')
  })
})
