import type { Selectable } from 'kysely'

export interface ConversationsTable {
  id: string
  org_id: string
  phone_e164: string
  /** The person shown on the record card; null for an unknown number. */
  person_id: string | null
  /** How many people share this number; more than one is flagged in the UI. */
  person_count: number
  last_message_at: string
  /** Like last_message_at but ignoring bulk (marketing) messages: the default sort (seed 001). */
  last_direct_message_at: string
  last_message_preview: string
  last_message_direction: string | null
  unread_count: number
  deleted_at: string | null
  created_at: string
}
export type ConversationRow = Selectable<ConversationsTable>

export interface ConversationUsersTable {
  conversation_id: string
  user_id: string
  org_id: string
  /** 'incoming' users are told of replies; 'outgoing' users have sent to this person. */
  role: 'incoming' | 'outgoing'
  created_at: string
}
