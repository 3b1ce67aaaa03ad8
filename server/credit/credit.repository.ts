import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../db/database'
import { type Page, type PageRequest, pageOf } from '../pagination'
import type { CreditLedgerTable } from './credit.table'

export async function readBalance(db: Db, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('credit_balances')
    .select('balance')
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return row?.balance ?? 0
}

/**
 * Takes `amount` only if the balance covers it, in one conditional UPDATE: the row lock (PostgreSQL)
 * or the single writer (SQLite) makes concurrent debits queue, so the balance can never go below zero.
 * Returns the balance after, or null when it does not cover the amount.
 */
export async function takeCredits(db: Db, orgId: string, amount: number, at: string): Promise<number | null> {
  const row = await db
    .updateTable('credit_balances')
    .set({ balance: sql`balance - ${amount}`, updated_at: at })
    .where('org_id', '=', orgId)
    .where('balance', '>=', amount)
    .returning('balance')
    .executeTakeFirst()
  return row ? row.balance : null
}

export async function addCredits(db: Db, orgId: string, amount: number, at: string): Promise<number> {
  const row = await db
    .insertInto('credit_balances')
    .values({ org_id: orgId, balance: amount, updated_at: at })
    .onConflict((oc) =>
      oc.column('org_id').doUpdateSet({ balance: sql`credit_balances.balance + ${amount}`, updated_at: at }),
    )
    .returning('balance')
    .executeTakeFirstOrThrow()
  return row.balance
}

/** The balance as a subquery, so a ledger entry can record it without a separate read. */
export function balanceNow(orgId: string): RawBuilder<number> {
  return sql<number>`coalesce((select balance from credit_balances where org_id = ${orgId}), 0)`
}

export async function insertLedgerEntry(
  db: Db,
  entry: Omit<CreditLedgerTable, 'balance_after'> & { balance_after: number | RawBuilder<number> },
): Promise<void> {
  await db.insertInto('credit_ledger').values(entry).execute()
}

/**
 * One page of the billing log, newest first. Entries are ordered by their time-ordered id (the index
 * on (org_id, id)), so of the cursor's position only the id counts.
 */
export interface LedgerRow extends CreditLedgerTable {
  /** The message's number: who it went to, or who sent a received one. */
  message_number: string | null
  person_name: string | null
  /** Who sent the message, or who topped up. */
  user_name: string | null
  campaign_id: string | null
  campaign_name: string | null
}

export async function listLedger(db: Db, orgId: string, page: PageRequest): Promise<Page<LedgerRow>> {
  let query = db
    .selectFrom('credit_ledger as l')
    .leftJoin('messages as m', 'm.id', 'l.message_id')
    .leftJoin('users as u', (join) =>
      join.on((eb) => eb('u.id', '=', eb.fn.coalesce('l.user_id', 'm.sender_user_id'))),
    )
    .leftJoin('campaigns as c', 'c.id', 'm.campaign_id')
    .selectAll('l')
    .select((eb) => [
      eb
        .case()
        .when('m.direction', '=', 'inbound')
        .then(eb.ref('m.from_number'))
        .else(eb.ref('m.to_number'))
        .end()
        .as('message_number'),
      // the first of the people the text named (a shared number may have several), else the person
      // of its conversation (a text sent to a typed number)
      eb.fn
        .coalesce(
          eb
            .selectFrom('message_people as mp')
            .innerJoin('people as p', 'p.id', 'mp.person_id')
            .select(
              sql<string>`trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, ''))`.as('name'),
            )
            .whereRef('mp.message_id', '=', 'l.message_id')
            .orderBy('p.id')
            .limit(1),
          eb
            .selectFrom('conversations as cv')
            .innerJoin('people as cp', 'cp.id', 'cv.person_id')
            .select(
              sql<string>`trim(coalesce(cp.first_name, '') || ' ' || coalesce(cp.last_name, ''))`.as('name'),
            )
            .whereRef('cv.id', '=', 'm.conversation_id'),
        )
        .as('person_name'),
      'u.name as user_name',
      'm.campaign_id as campaign_id',
      'c.name as campaign_name',
    ])
    .where('l.org_id', '=', orgId)
  if (page.after) query = query.where('l.id', '<', page.after.id)
  const rows = await query
    .orderBy('l.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, (row) => row)
}
