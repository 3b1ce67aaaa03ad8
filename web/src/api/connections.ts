import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  ConnectionList,
  ConnectionSchema,
  ConnectionTestReply,
  CreateConnectionBody,
  DisabledConnectionSchema,
  ProviderInfoSchema,
  ProviderList,
  UpdateConnectionBody,
} from '../../../common/api/connections'
import type {
  CreateRoutingRuleBody,
  FailoverBody,
  RoutingRuleList,
  RoutingRuleSchema,
  SenderNumberReply,
} from '../../../common/api/routing'
import { api } from './client'

export type Connection = Static<typeof ConnectionSchema>
export type ProviderInfo = Static<typeof ProviderInfoSchema>
export type ConnectionTest = Static<typeof ConnectionTestReply>
export type DisabledConnection = Static<typeof DisabledConnectionSchema>
export type InboundMode = NonNullable<Connection['inboundMode']>

export type RoutingRule = Static<typeof RoutingRuleSchema>
export type RuleKind = RoutingRule['kind']

/** What the connection form sends: all of it for a new connection; a change leaves out the provider. */
export type ConnectionInput = Static<typeof CreateConnectionBody>
type ConnectionChanges = Static<typeof UpdateConnectionBody>

export const connectionKeys = {
  all: ['connections'] as const,
  list: (includeDisabled: boolean) => ['connections', 'list', includeDisabled] as const,
  providers: ['providers'] as const,
  rules: ['routing-rules'] as const,
  sender: ['connections', 'sender'] as const,
}

export type SenderNumber = Static<typeof SenderNumberReply>

/** The number the signed-in user's texts go from when they choose no connection (asked afresh on each use). */
export function useSenderNumber() {
  return useQuery({
    queryKey: connectionKeys.sender,
    queryFn: ({ signal }) => api<SenderNumber>('/api/v1/me/sender', { signal }),
  })
}

/** Connections to send from (enabled ones); managers also see disabled ones with `includeDisabled`. */
export function useConnections(options: { includeDisabled?: boolean } = {}) {
  const includeDisabled = options.includeDisabled ?? false
  return useQuery({
    queryKey: connectionKeys.list(includeDisabled),
    queryFn: ({ signal }) =>
      api<Static<typeof ConnectionList>>('/api/v1/connections', {
        query: { includeDisabled: includeDisabled || undefined },
        signal,
      }),
    staleTime: 5 * 60_000,
  })
}

export function useProviders() {
  return useQuery({
    queryKey: connectionKeys.providers,
    queryFn: ({ signal }) => api<Static<typeof ProviderList>>('/api/v1/providers', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  })
}

function useInvalidateConnections() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: connectionKeys.all })
}

export function useSaveConnection() {
  const invalidate = useInvalidateConnections()
  return useMutation({
    mutationFn: ({ id, ...input }: ConnectionInput & { id: string | null }) => {
      if (!id) return api<Connection>('/api/v1/connections', { method: 'POST', body: input })
      const { provider: _provider, ...changes } = input
      return api<Connection>(`/api/v1/connections/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: changes satisfies ConnectionChanges,
      })
    },
    onSuccess: invalidate,
  })
}

export function useMakeDefault() {
  const invalidate = useInvalidateConnections()
  return useMutation({
    mutationFn: (id: string) =>
      api<Connection>(`/api/v1/connections/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: { isDefault: true },
      }),
    onSuccess: invalidate,
  })
}

export function useDisableConnection() {
  const invalidate = useInvalidateConnections()
  return useMutation({
    mutationFn: (id: string) =>
      api<DisabledConnection>(`/api/v1/connections/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  })
}

export function useTestConnection() {
  return useMutation({
    mutationFn: (id: string) =>
      api<ConnectionTest>(`/api/v1/connections/${encodeURIComponent(id)}/test`, { method: 'POST' }),
  })
}

export function useSetFailover() {
  const invalidate = useInvalidateConnections()
  return useMutation({
    mutationFn: (input: Static<typeof FailoverBody> & { id: string }) =>
      api<void>(`/api/v1/connections/${encodeURIComponent(input.id)}/failover`, {
        method: 'PUT',
        body: { connectionId: input.connectionId },
      }),
    onSuccess: invalidate,
  })
}

export function useRoutingRules() {
  return useQuery({
    queryKey: connectionKeys.rules,
    queryFn: ({ signal }) => api<Static<typeof RoutingRuleList>>('/api/v1/routing-rules', { signal }),
  })
}

export function useAddRoutingRule() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Static<typeof CreateRoutingRuleBody>) =>
      api<RoutingRule>('/api/v1/routing-rules', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionKeys.rules }),
  })
}

export function useRemoveRoutingRule() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`/api/v1/routing-rules/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionKeys.rules }),
  })
}

/** The default connection, else the first one: what a sender picker starts on. */
export function defaultConnection(list: readonly Connection[] | undefined): Connection | undefined {
  return list?.find((c) => c.isDefault) ?? list?.[0]
}
