import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type { ConversationReplyBody } from '../../../common/api/conversations'
import type {
  ChangedReply,
  ForwardBody,
  MessageItems,
  MessageList,
  MessageSchema,
  MessageViewName,
  ReplyBody,
  SendMessageBody,
} from '../../../common/api/messaging'
import type { PhoneParseReply, PreviewReply } from '../../../common/api/preview'
import { api } from './client'

export type Message = Static<typeof MessageSchema>
export type Preview = Static<typeof PreviewReply>
export type MessagePage = Static<typeof MessageList>
export type MessageView = Static<typeof MessageViewName>

/** The views of MessageViewName (common/api/messaging.ts), in the order the tabs show them. */
export const MESSAGE_VIEWS = [
  'all',
  'received',
  'sent',
  'failed',
  'pending',
  'did_not_trigger',
  'deleted',
] as const satisfies readonly MessageView[]
// every view of the server has a tab
const allViewsListed: Exclude<MessageView, (typeof MESSAGE_VIEWS)[number]> extends never ? true : never = true
void allViewsListed

export function isMessageView(value: string): value is MessageView {
  return (MESSAGE_VIEWS as readonly string[]).includes(value)
}

export const messageKeys = {
  all: ['messages'] as const,
  view: (view: MessageView) => ['messages', 'view', view] as const,
  journal: (personId: string) => ['messages', 'journal', personId] as const,
  one: (id: string) => ['messages', 'one', id] as const,
}

export function useMessageView(view: MessageView) {
  return useInfiniteQuery({
    queryKey: messageKeys.view(view),
    queryFn: ({ pageParam, signal }) =>
      api<MessagePage>('/api/v1/messages', { query: { view, cursor: pageParam, limit: 50 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function usePersonJournal(personId: string) {
  return useInfiniteQuery({
    queryKey: messageKeys.journal(personId),
    queryFn: ({ pageParam, signal }) =>
      api<MessagePage>(`/api/v1/people/${encodeURIComponent(personId)}/messages`, {
        query: { cursor: pageParam, limit: 50 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export type SendInput = Static<typeof SendMessageBody>

export function sendMessage(input: SendInput): Promise<Message> {
  return api<Message>('/api/v1/messages', { method: 'POST', body: input })
}

export type ConversationReply = Static<typeof ConversationReplyBody>

/** A reply in a conversation: from the number the person texted unless `connectionId` says otherwise. */
export function useReplyInConversation(conversationId: string) {
  const invalidate = useInvalidateMessaging()
  return useMutation({
    mutationFn: (input: ConversationReply) =>
      api<Message>(`/api/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: invalidate,
  })
}

/** Everything a change to messages can make stale: lists, conversations, the balance. */
export function useInvalidateMessaging() {
  const queryClient = useQueryClient()
  return () => {
    void queryClient.invalidateQueries({ queryKey: messageKeys.all })
    void queryClient.invalidateQueries({ queryKey: ['conversations'] })
    void queryClient.invalidateQueries({ queryKey: ['credits'] })
  }
}

export function useSendMessage() {
  const invalidate = useInvalidateMessaging()
  return useMutation({ mutationFn: sendMessage, onSuccess: invalidate })
}

type BulkAction = 'delete' | 'restore' | 'resend'
/** Delete and restore answer how many messages changed; resend answers the new messages. */
type BulkReply = Static<typeof ChangedReply> | Static<typeof MessageItems>

export function useMessageAction(action: BulkAction) {
  const invalidate = useInvalidateMessaging()
  return useMutation({
    mutationFn: (ids: string[]) =>
      api<BulkReply>(`/api/v1/messages/${action}`, {
        method: 'POST',
        body: { ids },
      }),
    onSuccess: invalidate,
  })
}

/**
 * Resends one message whose outcome is unknown, after a person has checked with the recipient: it may
 * have reached them already, so the server asks for this confirmation (MESSAGE_OUTCOME_UNKNOWN without it).
 */
export function useResendUnknown() {
  const invalidate = useInvalidateMessaging()
  return useMutation({
    mutationFn: (id: string) =>
      api<Message>(`/api/v1/messages/${encodeURIComponent(id)}/resend`, {
        method: 'POST',
        body: { confirmUnknown: true },
      }),
    onSuccess: invalidate,
  })
}

export function useReplyToMessages() {
  const invalidate = useInvalidateMessaging()
  return useMutation({
    mutationFn: (input: Static<typeof ReplyBody>) =>
      api<Static<typeof MessageItems>>('/api/v1/messages/reply', { method: 'POST', body: input }),
    onSuccess: invalidate,
  })
}

export function useForwardMessage() {
  const invalidate = useInvalidateMessaging()
  return useMutation({
    mutationFn: (input: Static<typeof ForwardBody>) =>
      api<Static<typeof MessageItems>>('/api/v1/messages/forward', { method: 'POST', body: input }),
    onSuccess: invalidate,
  })
}

export function useCancelMessage() {
  const invalidate = useInvalidateMessaging()
  return useMutation({
    mutationFn: (id: string) =>
      api<Message>(`/api/v1/messages/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
    onSuccess: invalidate,
  })
}

/**
 * The cost of a text, as the preview endpoints count it. With a PDF attached the download link is
 * added to the text, so the attachment preview counts it with the link.
 */
export function previewQuery(body: string, withLink = false) {
  return {
    queryKey: withLink ? (['preview', 'with-link', body] as const) : (['preview', body] as const),
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      api<Preview>(withLink ? '/api/v1/attachments/preview' : '/api/v1/messages/preview', {
        method: 'POST',
        body: { body },
        signal,
      }),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
  }
}

/** Live cost of a draft; the previous answer stays on screen while the next is computed. */
export function usePreview(body: string, withLink = false) {
  return useQuery({
    ...previewQuery(body, withLink),
    enabled: body.length > 0,
    placeholderData: (previous) => previous,
  })
}

export type PhoneParse = Static<typeof PhoneParseReply>

export function parsePhoneNumber(number: string): Promise<PhoneParse> {
  return api<PhoneParse>('/api/v1/phone-numbers/parse', { method: 'POST', body: { number } })
}
