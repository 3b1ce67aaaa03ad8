export interface NotificationsTable {
  id: string
  org_id: string
  user_id: string
  type:
    | 'message.received'
    | 'message.failed'
    | 'messages.unknown'
    | 'interview.answered'
    | 'campaign.finished'
  message_id: string | null
  conversation_id: string | null
  title: string
  body: string
  cleared_at: string | null
  created_at: string
}
