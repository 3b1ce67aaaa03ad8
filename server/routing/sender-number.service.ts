import { type Connection, findConnection } from '../connection/connection.repository'
import { findNumberOwners } from '../connection/connection-number.repository'
import { decideSenderNumber, type SenderNumber, type SetReplyNumber } from '../core/sender-number'
import type { Db } from '../db/database'
import { findSenderReplyNumbers } from './routing.repository'

/** The number a user's texts go from when no connection is chosen, and what it was decided from. */
export interface SenderNumberChoice {
  decision: Exclude<SenderNumber, { kind: 'chosen' }>
  office: { id: string; name: string } | null
  /** The connection that owns the number, when a reply number applies. */
  connection: Connection | null
}

/**
 * Reads the user's own reply number and their office's, and which connections have them, and
 * decides (core/sender-number.ts). No user (an automatic text): routing decides.
 */
export async function senderNumberOf(
  db: Db,
  orgId: string,
  userId: string | null,
): Promise<SenderNumberChoice> {
  const found = userId ? await findSenderReplyNumbers(db, orgId, userId) : undefined
  const office = found?.office ? { id: found.office.id, name: found.office.name } : null
  const set: { source: SetReplyNumber['source']; number: string }[] = []
  if (found?.userNumber) set.push({ source: 'user', number: found.userNumber })
  if (found?.office?.replyNumber) set.push({ source: 'office', number: found.office.replyNumber })
  const owners = await findNumberOwners(
    db,
    orgId,
    set.map((s) => s.number),
  )
  const decision = decideSenderNumber({
    chosenConnectionId: null,
    numbers: set.map((s) => ({ ...s, owners: owners.filter((o) => o.number === s.number) })),
  })
  if (decision.kind === 'chosen') throw new Error('no connection was chosen')
  const connection =
    decision.kind === 'number' ? ((await findConnection(db, orgId, decision.connectionId)) ?? null) : null
  return { decision, office, connection }
}

/** What GET /api/v1/me/sender answers: the number, its connection and office, and numbers passed over. */
export async function senderNumberView(db: Db, orgId: string, userId: string | null) {
  const { decision, office } = await senderNumberOf(db, orgId, userId)
  const used = decision.kind === 'number' ? decision : null
  return {
    source: used ? used.source : ('routing' as const),
    number: used?.number ?? null,
    connectionId: used?.connectionId ?? null,
    connectionName: used?.connectionName ?? null,
    office,
    passedOver: decision.passedOver,
  }
}
