import type { InboundItem } from './inbound.service'
import type { NewReceipt } from './inbound-receipt.repository'
import type { InboundReceiptRow } from './inbound-receipt.table'

/** The receipt of a received text, stored `at`, taken up by the sweep from `orphanAt` if still there. */
export function receiptRowOf(item: InboundItem, id: string, at: string, orphanAt: string): NewReceipt {
  const { connection, sms } = item
  return {
    id,
    org_id: connection.org_id,
    connection_id: connection.id,
    provider_message_id: sms.providerMessageId,
    from_number: sms.from,
    to_number: sms.to,
    body: sms.body,
    body_cleaned: sms.bodyCleaned ? 1 : 0,
    received_at: sms.receivedAt || at,
    created_at: at,
    next_attempt_at: orphanAt,
    part_ref: sms.part?.ref ?? null,
    part_number: sms.part?.number ?? null,
    part_total: sms.part?.total ?? null,
  }
}

/** The text a receipt holds, to be made into the message with the receipt's id. */
export function itemOfReceipt(row: InboundReceiptRow): InboundItem {
  const part =
    row.part_ref && row.part_number && row.part_total
      ? { ref: row.part_ref, number: row.part_number, total: row.part_total }
      : undefined
  return {
    id: row.id,
    connection: { id: row.connection_id, org_id: row.org_id },
    sms: {
      providerMessageId: row.provider_message_id,
      from: row.from_number,
      to: row.to_number,
      body: row.body,
      ...(row.body_cleaned === 1 ? { bodyCleaned: true } : {}),
      receivedAt: row.received_at,
      ...(part ? { part } : {}),
    },
  }
}
