import type { QueryClient, QueryKey } from '@tanstack/react-query'

/**
 * Refetches the queries a server event changed, after a short pause so that a burst of events (a
 * mailshot) costs one request per query. A query whose fetch is under way waits for it to end and is
 * fetched again after: the fetch under way may have read the row before the change, and a first load
 * (a page just opened) is joined, not restarted, by `invalidateQueries`, so it would show the old
 * state as fresh.
 */
export function createRefetcher(queryClient: QueryClient, pauseMs = 150): (key: QueryKey) => void {
  const pending = new Map<string, QueryKey>()
  let scheduled = false
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    setTimeout(flush, pauseMs)
  }
  const flush = () => {
    scheduled = false
    for (const [id, queryKey] of pending) {
      if (queryClient.isFetching({ queryKey }) > 0) continue
      pending.delete(id)
      void queryClient.invalidateQueries({ queryKey })
    }
    if (pending.size > 0) schedule()
  }
  return (key) => {
    pending.set(JSON.stringify(key), key)
    schedule()
  }
}
