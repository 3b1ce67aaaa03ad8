import { type Clock, nowIso } from '../clock'
import type { Db } from '../db/database'
import { errors, withDetails } from '../errors'
import { newId } from '../ids'
import { addCredits, balanceNow, insertLedgerEntry, readBalance, takeCredits } from './credit.repository'

/**
 * Debits credits for a message inside the caller's transaction, with a ledger entry carrying the
 * balance after it. Throws CREDITS_INSUFFICIENT with `{ needed, available }` when the balance is short.
 */
export async function debitForMessage(
  trx: Db,
  clock: Clock,
  input: { orgId: string; amount: number; messageId: string; userId: string | null },
): Promise<number> {
  const at = nowIso(clock)
  const after = await takeCredits(trx, input.orgId, input.amount, at)
  if (after === null) {
    const available = await readBalance(trx, input.orgId)
    throw withDetails(new errors.CREDITS_INSUFFICIENT(input.amount, available), {
      needed: input.amount,
      available,
    })
  }
  await insertLedgerEntry(trx, {
    id: newId(),
    org_id: input.orgId,
    delta: -input.amount,
    balance_after: after,
    reason: 'message',
    message_id: input.messageId,
    user_id: input.userId,
    note: null,
    created_at: at,
  })
  return after
}

/** Gives back the credits of a message the provider never accepted (or that was cancelled). */
export async function refundMessage(
  trx: Db,
  clock: Clock,
  input: { orgId: string; amount: number; messageId: string; note: string },
): Promise<void> {
  if (input.amount <= 0) return
  const at = nowIso(clock)
  const after = await addCredits(trx, input.orgId, input.amount, at)
  await insertLedgerEntry(trx, {
    id: newId(),
    org_id: input.orgId,
    delta: input.amount,
    balance_after: after,
    reason: 'refund',
    message_id: input.messageId,
    user_id: null,
    note: input.note,
    created_at: at,
  })
}

/** A received message costs nothing but is listed in the billing log (seed 004). */
export async function logReceivedMessage(
  trx: Db,
  clock: Clock,
  orgId: string,
  messageId: string,
): Promise<void> {
  await insertLedgerEntry(trx, {
    id: newId(),
    org_id: orgId,
    delta: 0,
    balance_after: balanceNow(orgId),
    reason: 'received',
    message_id: messageId,
    user_id: null,
    note: null,
    created_at: nowIso(clock),
  })
}

export async function topUpCredits(
  db: Db,
  clock: Clock,
  input: { orgId: string; amount: number; userId: string | null; note?: string | null },
): Promise<number> {
  if (!Number.isInteger(input.amount) || input.amount <= 0) {
    throw new errors.REQUEST_INVALID('amount must be a positive whole number of credits')
  }
  return db.transaction().execute(async (trx) => {
    const at = nowIso(clock)
    const after = await addCredits(trx, input.orgId, input.amount, at)
    await insertLedgerEntry(trx, {
      id: newId(),
      org_id: input.orgId,
      delta: input.amount,
      balance_after: after,
      reason: 'top_up',
      message_id: null,
      user_id: input.userId,
      note: input.note ?? null,
      created_at: at,
    })
    return after
  })
}
