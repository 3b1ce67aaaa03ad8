import {
  type InfiniteData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  ConversationDetailSchema,
  ConversationListQuery,
  ConversationPage as ConversationPageSchema,
  ConversationSummarySchema,
  RecordCardPersonSchema,
} from '../../../common/api/conversations'
import { api } from './client'
import type { Message, MessagePage } from './messages'

export type ConversationSummary = Static<typeof ConversationSummarySchema>
export type RecordCardPerson = Static<typeof RecordCardPersonSchema>
export type ConversationDetail = Static<typeof ConversationDetailSchema>
export type ConversationPage = Static<typeof ConversationPageSchema>

/** The list's filters (paging aside); the web app always names the scope. */
export type ConversationFilter = Omit<Static<typeof ConversationListQuery>, 'cursor' | 'limit' | 'scope'> & {
  scope: NonNullable<Static<typeof ConversationListQuery>['scope']>
}

export const conversationKeys = {
  all: ['conversations'] as const,
  lists: ['conversations', 'list'] as const,
  list: (filter: ConversationFilter) => ['conversations', 'list', filter] as const,
  detail: (id: string) => ['conversations', 'detail', id] as const,
  messages: (id: string) => ['conversations', 'messages', id] as const,
}

export function useConversations(filter: ConversationFilter) {
  return useInfiniteQuery({
    queryKey: conversationKeys.list(filter),
    queryFn: ({ pageParam, signal }) =>
      api<ConversationPage>('/api/v1/conversations', {
        query: { ...filter, unread: filter.unread || undefined, cursor: pageParam, limit: 100 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function useConversation(id: string | null) {
  return useQuery({
    queryKey: conversationKeys.detail(id ?? ''),
    queryFn: ({ signal }) =>
      api<ConversationDetail>(`/api/v1/conversations/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  })
}

/** History pages: the first page is the newest; each next page is older. */
export function useConversationMessages(id: string | null) {
  return useInfiniteQuery({
    queryKey: conversationKeys.messages(id ?? ''),
    queryFn: ({ pageParam, signal }) =>
      api<MessagePage>(`/api/v1/conversations/${encodeURIComponent(id ?? '')}/messages`, {
        query: { cursor: pageParam, limit: 50 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(id),
  })
}

/** Oldest first, across the loaded pages. */
export function flattenHistory(data: InfiniteData<MessagePage> | undefined): Message[] {
  if (!data) return []
  return [...data.pages].reverse().flatMap((page) => page.items)
}

export function useMarkConversationRead() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`/api/v1/conversations/${encodeURIComponent(id)}/read`, { method: 'POST' }),
    onMutate: (id) => {
      // clear the unread mark at once rather than waiting for the list to reload
      queryClient.setQueriesData<InfiniteData<ConversationPage>>(
        { queryKey: conversationKeys.lists },
        (data) =>
          data
            ? {
                ...data,
                pages: data.pages.map((page) => ({
                  ...page,
                  items: page.items.map((c) => (c.id === id ? { ...c, unreadCount: 0 } : c)),
                })),
              }
            : data,
      )
    },
  })
}
