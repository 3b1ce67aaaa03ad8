import {
  type InfiniteData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import { api } from './client'
import type { Message, MessagePage } from './messages'

export interface ConversationSummary {
  id: string
  phone: string
  personId: string | null
  personCount: number
  personName: string | null
  jobTitle: string | null
  company: string | null
  email: string | null
  lastMessageAt: string | null
  lastMessagePreview: string | null
  lastMessageDirection: string | null
  unreadCount: number
  deletedAt: string | null
}

export interface RecordCardPerson {
  id: string
  name: string
  kind: string
  jobTitle: string | null
  company: string | null
  email: string | null
  mobile: string | null
}

export interface ConversationDetail {
  id: string
  phone: string
  unreadCount: number
  lastMessageAt: string | null
  deletedAt: string | null
  createdAt: string
  sharedNumber: boolean
  people: RecordCardPerson[]
  users: { userId: string; role: string }[]
}

export interface ConversationFilter {
  scope: 'mine' | 'shared'
  q?: string
  from?: string
  to?: string
  unread?: boolean
}

interface ConversationPage {
  items: ConversationSummary[]
  nextCursor: string | null
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
