import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  ForwardingNumberList,
  ForwardingRule as ForwardingRuleSchema,
  OutboxEmailList,
  OutboxEmail as OutboxEmailSchema,
} from '../../../common/api/forwarding'
import { api } from './client'

export type ForwardingRule = Static<typeof ForwardingRuleSchema>
export type OutboxEmail = Static<typeof OutboxEmailSchema>
export interface ForwardingRuleInput {
  number: string
  emails: string[]
  mobile: string | null
}

export const forwardingKeys = {
  rules: ['forwarding-rules'] as const,
  numbers: ['forwarding-numbers'] as const,
  emails: ['emails'] as const,
}

export function useForwardingRules() {
  return useQuery({
    queryKey: forwardingKeys.rules,
    queryFn: ({ signal }) => api<{ items: ForwardingRule[] }>('/api/v1/forwarding-rules', { signal }),
  })
}

/** The numbers a rule can listen on: the connections' senders and the numbers they own. */
export function useForwardingNumbers() {
  return useQuery({
    queryKey: forwardingKeys.numbers,
    queryFn: ({ signal }) =>
      api<Static<typeof ForwardingNumberList>>('/api/v1/forwarding-rules/numbers', { signal }),
  })
}

export function useSaveForwardingRule() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: ForwardingRuleInput }) =>
      api<ForwardingRule>(id ? `/api/v1/forwarding-rules/${id}` : '/api/v1/forwarding-rules', {
        method: id ? 'PUT' : 'POST',
        body: input,
      }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: forwardingKeys.rules }),
  })
}

export function useRemoveForwardingRule() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/forwarding-rules/${id}`, { method: 'DELETE' }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: forwardingKeys.rules }),
  })
}

/** E-mails waiting or given up on, with the reason of the last failure. */
export function useUnsentEmails() {
  return useQuery({
    queryKey: forwardingKeys.emails,
    queryFn: async ({ signal }) => {
      const [pending, failed] = await Promise.all([
        api<Static<typeof OutboxEmailList>>('/api/v1/emails', { query: { status: 'pending' }, signal }),
        api<Static<typeof OutboxEmailList>>('/api/v1/emails', { query: { status: 'failed' }, signal }),
      ])
      return [...failed.items, ...pending.items]
    },
  })
}

export function useRetryEmail() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api<OutboxEmail>(`/api/v1/emails/${id}/retry`, { method: 'POST' }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: forwardingKeys.emails }),
  })
}
