import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type { LedgerEntrySchema } from '../../../common/api/credits'
import { api } from './client'

export type LedgerEntry = Static<typeof LedgerEntrySchema>

/** Below this the top bar warns that sending will soon stop. */
export const LOW_CREDIT_THRESHOLD = 50

export const creditKeys = {
  balance: ['credits', 'balance'] as const,
  ledger: ['credits', 'ledger'] as const,
}

export function useCreditBalance() {
  return useQuery({
    queryKey: creditKeys.balance,
    queryFn: ({ signal }) => api<{ balance: number }>('/api/v1/credits', { signal }),
    refetchInterval: 60_000,
  })
}

export function useLedger() {
  return useInfiniteQuery({
    queryKey: creditKeys.ledger,
    queryFn: ({ pageParam, signal }) =>
      api<{ items: LedgerEntry[]; nextCursor: string | null }>('/api/v1/credits/ledger', {
        query: { cursor: pageParam, limit: 100 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export const LEDGER_CSV_URL = '/api/v1/credits/ledger?format=csv'

export function useTopUp() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { amount: number; note?: string }) =>
      api<{ balance: number }>('/api/v1/credits/top-ups', { method: 'POST', body: input }),
    onSuccess: (result) => {
      queryClient.setQueryData(creditKeys.balance, result)
      void queryClient.invalidateQueries({ queryKey: creditKeys.ledger })
    },
  })
}
