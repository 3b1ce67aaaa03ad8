/**
 * What `GET /api/v1/events` streams (Server-Sent Events): each event's name and its payload, as the
 * browser receives it. The server's domain events (server/events.ts) are these plus the organization
 * (and, for a notification, the user) they belong to, which the stream uses to choose who gets them.
 */
export interface StreamedEvents {
  'message.created': { messageId: string; conversationId: string | null; direction: string }
  'message.status_changed': {
    messageId: string
    conversationId: string | null
    status: string
    error: string | null
  }
  'notification.created': { notificationId: string; type: string }
  'conversation.updated': { conversationId: string }
  'campaign.progressed': { campaignId: string }
}

export type StreamedEventName = keyof StreamedEvents
