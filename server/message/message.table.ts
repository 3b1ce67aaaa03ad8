import type { Selectable } from 'kysely'

export interface MessagesTable {
  id: string
  org_id: string
  direction: 'outbound' | 'inbound'
  kind: string
  status: string
  conversation_id: string | null
  person_id: string | null
  to_number: string
  from_number: string
  subject: string | null
  body: string
  /** 1 for a received text stored without characters it held that no text may hold (NUL, lone surrogates). */
  body_cleaned: number
  encoding: string
  segments: number
  credits: number
  repliable: number
  campaign_id: string | null
  sender_user_id: string | null
  connection_id: string | null
  provider_message_id: string | null
  send_at: string | null
  attempts: number
  next_attempt_at: string | null
  lease_until: string | null
  error_code: string | null
  error_message: string | null
  resent_from_id: string | null
  /** Why the sender sent at once inside the recipient's quiet hours; absent (null) when they did not. */
  quiet_hours_override_reason?: string | null
  /** Set when the message moved to a failover connection: the one that failed. */
  failover_from_connection_id: string | null
  deleted_at: string | null
  created_at: string
  updated_at: string
  sent_at: string | null
  delivered_at: string | null
  failed_at: string | null
  /** The dispatcher process holding the row while it is `sending` (see dispatcher.ts). */
  claimed_by?: string | null
  /** Set just before the provider call: a `sending` row without it never reached a provider. */
  started_at?: string | null
}
export type MessageRow = Selectable<MessagesTable>

/** Every person a message is linked to (several people can share one number). */
export interface MessagePeopleTable {
  message_id: string
  person_id: string
}
