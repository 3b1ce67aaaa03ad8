import { useQueries } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type { OptOutCheckReply } from '../../../common/api/opt-outs'
import { api } from './client'

export type OptOutCheck = Static<typeof OptOutCheckReply>

export const optOutKeys = {
  check: (number: string) => ['opt-outs', 'check', number] as const,
}

export function checkOptOut(number: string, signal?: AbortSignal): Promise<OptOutCheck> {
  return api<OptOutCheck>('/api/v1/opt-outs/check', { method: 'POST', body: { number }, signal })
}

/**
 * The suppression list asked about each number before sending, so the user is warned before
 * pressing send. A number that cannot be checked is simply not flagged: the send path refuses
 * opted-out numbers anyway.
 */
export function useOptOutChecks(numbers: readonly string[]): {
  checks: Map<string, OptOutCheck>
  checking: boolean
} {
  const unique = [...new Set(numbers)]
  const results = useQueries({
    queries: unique.map((number) => ({
      queryKey: optOutKeys.check(number),
      queryFn: ({ signal }: { signal: AbortSignal }) => checkOptOut(number, signal),
      staleTime: 30_000,
      retry: false,
    })),
  })
  const checks = new Map<string, OptOutCheck>()
  results.forEach((result, index) => {
    const number = unique[index]
    if (number && result.data) checks.set(number, result.data)
  })
  return { checks, checking: results.some((r) => r.isLoading) }
}
