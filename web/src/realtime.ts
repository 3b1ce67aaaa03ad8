import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query'
import type { StreamedEventName, StreamedEvents } from '../../common/api/events'
import { campaignKeys } from './api/campaigns'
import { conversationKeys } from './api/conversations'
import { creditKeys } from './api/credits'
import { interviewKeys } from './api/interviews'
import { type Message, type MessagePage, messageKeys } from './api/messages'
import { fetchNotifications, notificationKeys } from './api/notifications'
import { showToast } from './components/toast'
import { formatPhonesIn } from './format'
import { createRefetcher } from './refetch-after-change'
import { navigate } from './router'

interface Context {
  queryClient: QueryClient
  /** Refetches the key after a short pause, so a burst of events (a mailshot) costs one request. */
  invalidateSoon(key: QueryKey): void
}

function patchMessage(
  ctx: Context,
  conversationId: string,
  messageId: string,
  patch: Partial<Message>,
): void {
  ctx.queryClient.setQueryData<InfiniteData<MessagePage>>(
    conversationKeys.messages(conversationId),
    (data) => {
      if (!data) return data
      return {
        ...data,
        pages: data.pages.map((page) => ({
          ...page,
          items: page.items.map((m) => {
            if (m.id !== messageId) return m
            return { ...m, ...patch }
          }),
        })),
      }
    },
  )
}

async function toastNotification(ctx: Context, notificationId: string): Promise<void> {
  const list = await ctx.queryClient.fetchQuery({
    queryKey: notificationKeys.list,
    queryFn: ({ signal }) => fetchNotifications(signal),
    staleTime: 0,
  })
  const notification = list.items.find((n) => n.id === notificationId)
  if (!notification) return
  const conversationId = notification.conversationId
  showToast({
    tone: notification.type === 'message.failed' ? 'error' : 'message',
    title: formatPhonesIn(notification.title),
    body: notification.body,
    ...(conversationId ? { onOpen: () => navigate(`/inbox/${encodeURIComponent(conversationId)}`) } : {}),
  })
}

/** The one table from a server event to what it changes in the cache and on screen. */
const handlers: { [K in StreamedEventName]: (ctx: Context, payload: StreamedEvents[K]) => void } = {
  'message.created': (ctx, { conversationId }) => {
    if (conversationId) ctx.invalidateSoon(conversationKeys.messages(conversationId))
    ctx.invalidateSoon(conversationKeys.lists)
    ctx.invalidateSoon(messageKeys.all)
    ctx.invalidateSoon(creditKeys.balance)
    ctx.invalidateSoon(creditKeys.ledger)
  },
  'message.status_changed': (ctx, { conversationId, messageId, status, error }) => {
    if (conversationId) {
      // The patch shows it at once; the refetch after it corrects a fetch that was already under way
      // when the change happened (it read the row before, and would put the old status back).
      patchMessage(ctx, conversationId, messageId, { status, error })
      ctx.invalidateSoon(conversationKeys.messages(conversationId))
    }
    ctx.invalidateSoon(messageKeys.all)
    // failures refund their credits
    if (status === 'failed' || status === 'undelivered') {
      ctx.invalidateSoon(creditKeys.balance)
      ctx.invalidateSoon(creditKeys.ledger)
    }
  },
  'conversation.updated': (ctx, { conversationId }) => {
    ctx.invalidateSoon(conversationKeys.lists)
    ctx.invalidateSoon(conversationKeys.detail(conversationId))
  },
  'notification.created': (ctx, { notificationId, type }) => {
    void toastNotification(ctx, notificationId)
    // the candidate confirmed a time or asked for another: the record shows the answer
    if (type === 'interview.answered') ctx.invalidateSoon(interviewKeys.all)
    if (type === 'campaign.finished') ctx.invalidateSoon(campaignKeys.all)
  },
  // sent at most every 250 ms per mailshot by the server; the progress page refetches its figures
  'campaign.progressed': (ctx, { campaignId }) => {
    ctx.invalidateSoon(campaignKeys.detail(campaignId))
    ctx.invalidateSoon(campaignKeys.list)
    ctx.invalidateSoon(['campaigns', 'messages', campaignId])
  },
}

/** Opens the event stream for the signed-in user; returns the function that closes it. */
export function connectRealtime(queryClient: QueryClient): () => void {
  const source = new EventSource('/api/v1/events', { withCredentials: true })
  const ctx: Context = { queryClient, invalidateSoon: createRefetcher(queryClient) }
  for (const name of Object.keys(handlers) as StreamedEventName[]) {
    source.addEventListener(name, (event) => {
      let payload: unknown
      try {
        payload = JSON.parse((event as MessageEvent<string>).data)
      } catch {
        return
      }
      ;(handlers[name] as (ctx: Context, payload: unknown) => void)(ctx, payload)
    })
  }
  source.addEventListener('open', () => {
    // Catch up on whatever happened while the stream was not open: down after a reconnection, or
    // not yet connected when the page first fetched (a text delivered in that moment would
    // otherwise stay "Sent" on screen until the next change).
    for (const queryKey of [
      notificationKeys.list,
      conversationKeys.all,
      messageKeys.all,
      creditKeys.balance,
      campaignKeys.all,
    ])
      void queryClient.invalidateQueries({ queryKey })
  })
  return () => source.close()
}
