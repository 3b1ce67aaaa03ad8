import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type { NotificationSchema } from '../../../common/api/notifications'
import { api } from './client'

export type Notification = Static<typeof NotificationSchema>
export interface NotificationPage {
  items: Notification[]
  nextCursor: string | null
}

export const notificationKeys = { list: ['notifications'] as const }

export function fetchNotifications(signal?: AbortSignal) {
  return api<NotificationPage>('/api/v1/notifications', {
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
      queryClient.setQueryData<NotificationPage>(notificationKeys.list, (data) =>
        data
          ? { ...data, items: 'all' in input ? [] : data.items.filter((n) => !input.ids.includes(n.id)) }
          : data,
      )
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.list }),
  })
}
