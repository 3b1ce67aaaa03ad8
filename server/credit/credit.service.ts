import type { Static } from 'typebox'
import type { LedgerEntrySchema } from '../../common/api/credits'
import { type Clock, nowIso } from '../clock'
import type { Db } from '../db/database'
import { errors, withDetails } from '../errors'
import { newId } from '../ids'
import type { CursorKey, Page, PageRequest } from '../pagination'
import {
  addCredits,
  balanceNow,
  insertLedgerEntry,
  type LedgerRow,
  listLedger,
  readBalance,
  takeCredits,
} from './credit.repository'

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

/** The organization's credit balance. */
export async function creditBalance(db: Db, orgId: string): Promise<{ balance: number }> {
  return { balance: await readBalance(db, orgId) }
}

type LedgerEntry = Static<typeof LedgerEntrySchema>

function personNameOf(r: LedgerRow): string | null {
  return r.person_name ? r.person_name : null
}

/** One page of the billing log, newest first. */
export async function ledgerPage(db: Db, orgId: string, page: PageRequest): Promise<Page<LedgerEntry>> {
  const rows = await listLedger(db, orgId, page)
  return {
    items: rows.items.map((r) => ({
      id: r.id,
      delta: r.delta,
      balanceAfter: r.balance_after,
      reason: r.reason,
      messageId: r.message_id,
      userId: r.user_id,
      note: r.note,
      createdAt: r.created_at,
      number: r.message_number,
      personName: personNameOf(r),
      userName: r.user_name,
      campaignId: r.campaign_id,
      campaignName: r.campaign_name,
    })),
    nextCursor: rows.nextCursor,
  }
}

/**
 * One CSV cell. Text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
 * return) gets a leading apostrophe, which spreadsheets show as plain text; numbers stay numbers.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return ''
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The whole billing log as CSV, newest first, read a thousand entries at a time. */
export async function ledgerCsv(db: Db, orgId: string): Promise<string> {
  const lines = [
    'created_at,reason,delta,balance_after,message_id,number,person,user_id,user,mailshot_id,mailshot,note',
  ]
  let after: CursorKey | undefined
  for (;;) {
    const page = await listLedger(db, orgId, { after, limit: 1000 })
    for (const r of page.items) {
      lines.push(
        [
          r.created_at,
          r.reason,
          r.delta,
          r.balance_after,
          r.message_id,
          r.message_number,
          personNameOf(r),
          r.user_id ?? null,
          r.user_name,
          r.campaign_id,
          r.campaign_name,
          r.note,
        ]
          .map(csvCell)
          .join(','),
      )
    }
    const last = page.items[page.items.length - 1]
    if (!page.nextCursor || !last) break
    after = { createdAt: last.created_at, id: last.id }
  }
  return `${lines.join('\n')}\n`
}
