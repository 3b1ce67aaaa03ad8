import type { Selectable } from 'kysely'

/**
 * A received text stored as the provider sent it, before it is put in its conversation: the webhook
 * answers once this row is committed, and the row goes in the transaction that stores the message.
 * A row still here after `next_attempt_at` was left by a crash or failed: the sweep takes it up.
 */
export interface InboundReceiptsTable {
  /** Also the id of the message made from it. */
  id: string
  org_id: string
  connection_id: string
  provider_message_id: string
  from_number: string
  to_number: string
  body: string
  /** 1 when NULs or lone surrogates were taken out of the provider's text (see core/text-hygiene.ts). */
  body_cleaned: number
  received_at: string
  created_at: string
  attempts: number
  next_attempt_at: string
  last_error: string | null
  /** A part of a long text (see `InboundPart`): its reference per sender, number and count. */
  part_ref: string | null
  part_number: number | null
  part_total: number | null
}

/** Each part of a message joined from parts, so a part delivered again is a duplicate. */
export interface MessagePartsTable {
  connection_id: string
  provider_message_id: string
  message_id: string
}
export type InboundReceiptRow = Selectable<InboundReceiptsTable>
