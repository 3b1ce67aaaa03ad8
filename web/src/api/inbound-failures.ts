import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  InboundFailurePage,
  InboundFailureSchema,
  InboundRetryReply,
} from '../../../common/api/messaging'
import { api } from './client'
import { messageKeys } from './messages'

export type InboundFailure = Static<typeof InboundFailureSchema>
export type InboundRetry = Static<typeof InboundRetryReply>

export const inboundFailureKeys = { list: ['inbound-failures'] as const }

/** Received texts not stored yet after a failure (only for those who manage connections). */
export function useInboundFailures() {
  return useQuery({
    queryKey: inboundFailureKeys.list,
    queryFn: ({ signal }) =>
      api<Static<typeof InboundFailurePage>>('/api/v1/inbound-failures', {
        query: { limit: 50 },
        signal,
      }),
  })
}

export function useRetryInboundFailure() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api<InboundRetry>(`/api/v1/inbound-failures/${id}/retry`, { method: 'POST' }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: inboundFailureKeys.list })
      void queryClient.invalidateQueries({ queryKey: messageKeys.all })
    },
  })
}
