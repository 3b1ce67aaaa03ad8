import type { Selectable } from 'kysely'

export interface ConnectionsTable {
  id: string
  org_id: string
  provider: string
  name: string
  /** Provider settings including secrets, AES-256-GCM encrypted with PARLEY_SECRET_KEY. */
  config_encrypted: string
  /** Non-secret settings plus the last 4 characters of each secret, for display. */
  config_hint: unknown
  /** E.164 number or alphanumeric sender id messages are sent from. */
  sender: string
  /** Sender id for texts sent with "repliable" off (recipients cannot answer it); null: `sender`. */
  no_reply_sender: string | null
  is_default: number
  rate_per_second: number
  inbound_mode: 'webhook' | 'poll'
  /** Unguessable token in this connection's webhook URLs: the connection comes from the URL. */
  webhook_token: string
  poll_cursor: string | null
  poll_since: string | null
  last_polled_at: string | null
  /** A second connection that takes over when this one fails with a retryable or provider-side error. */
  failover_connection_id: string | null
  disabled_at: string | null
  created_at: string
  updated_at: string
}
export type ConnectionRow = Selectable<ConnectionsTable>
