import type { Selectable } from 'kysely'

export interface UsersTable {
  id: string
  org_id: string
  email: string
  name: string
  password_hash: string | null
  role: string
  permissions: unknown
  office_id: string | null
  team1_id: string | null
  team2_id: string | null
  mobile_e164: string | null
  /** The number this user's texts go out from (one a connection owns); null: the office's, else routing. */
  reply_number: string | null
  time_zone: string | null
  /** 1: told of replies and sees the whole history of a conversation (seed 001). */
  association_incoming: number
  /** 1: associated by the texts they send; with `association_incoming` 0 they see only those. */
  association_outgoing: number
  /** 1: the replies this user is told of are also e-mailed to them, batched (default 0). */
  email_replies: number
  disabled_at: string | null
  created_at: string
}
export type UserRow = Selectable<UsersTable>
