import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'

export interface LedgerEntry {
  id: string
  delta: number
  balanceAfter: number
  reason: string
  messageId: string | null
  userId: string | null
  note: string | null
  createdAt: string
}

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
      api<{ items: LedgerEntry[]; nextBefore: string | null }>('/api/v1/credits/ledger', {
        query: { before: pageParam, limit: 100 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
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
