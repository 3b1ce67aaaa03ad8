import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'

export interface Notification {
  id: string
  type: string
  title: string
  body: string
  conversationId: string | null
  messageId: string | null
  clearedAt: string | null
  createdAt: string
}

export const notificationKeys = { list: ['notifications'] as const }

export function fetchNotifications(signal?: AbortSignal) {
  return api<{ items: Notification[]; nextBefore: string | null }>('/api/v1/notifications', {
    query: { limit: 100 },
    signal,
  })
}

export function useNotifications() {
  return useQuery({ queryKey: notificationKeys.list, queryFn: ({ signal }) => fetchNotifications(signal) })
}

export function useClearNotifications() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { ids: string[] } | { all: true }) =>
      api<unknown>('/api/v1/notifications/clear', { method: 'POST', body: input }),
    onMutate: (input) => {
      queryClient.setQueryData<{ items: Notification[]; nextBefore: string | null }>(
        notificationKeys.list,
        (data) =>
          data
            ? { ...data, items: 'all' in input ? [] : data.items.filter((n) => !input.ids.includes(n.id)) }
            : data,
      )
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.list }),
  })
}
