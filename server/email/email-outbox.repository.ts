import type { Db } from '../db/database'
import type { EmailOutboxTable } from './email-outbox.table'

export type OutboxEmail = EmailOutboxTable

/** Queues e-mails; one whose `dedupe_key` is already queued is left as it is. */
export async function queueEmails(db: Db, rows: readonly EmailOutboxTable[]): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('email_outbox')
    .values([...rows])
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute()
}

/** Pending e-mails due by `now` whose lease is free. */
export async function listDueEmails(db: Db, now: string, limit: number): Promise<OutboxEmail[]> {
  return db
    .selectFrom('email_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('due_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .orderBy('due_at')
    .limit(limit)
    .execute()
}

/** Takes the lease of one e-mail if no other worker holds it; whether this worker got it. */
export async function claimEmail(db: Db, id: string, now: string, leaseUntil: string): Promise<boolean> {
  const result = await db
    .updateTable('email_outbox')
    .set({ lease_until: leaseUntil })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function markEmailSent(db: Db, id: string, now: string, attempts: number): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({ status: 'sent', sent_at: now, attempts, lease_until: null, last_error: null })
    .where('id', '=', id)
    .execute()
}

export async function markEmailAttemptFailed(
  db: Db,
  id: string,
  change: { attempts: number; lastError: string; dueAt: string; failed: boolean },
): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({
      status: change.failed ? 'failed' : 'pending',
      attempts: change.attempts,
      last_error: change.lastError,
      due_at: change.dueAt,
      lease_until: null,
    })
    .where('id', '=', id)
    .execute()
}

export async function listEmailsOf(db: Db, orgId: string): Promise<OutboxEmail[]> {
  return db.selectFrom('email_outbox').selectAll().where('org_id', '=', orgId).orderBy('created_at').execute()
}

/** The organization's e-mails, newest first, in one state if given (at most `limit`). */
export async function listEmailsForAdmin(
  db: Db,
  orgId: string,
  status: OutboxEmail['status'] | undefined,
  limit: number,
): Promise<OutboxEmail[]> {
  let query = db.selectFrom('email_outbox').selectAll().where('org_id', '=', orgId)
  if (status) query = query.where('status', '=', status)
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}

export async function findEmail(db: Db, orgId: string, id: string): Promise<OutboxEmail | undefined> {
  return db
    .selectFrom('email_outbox')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Makes a failed e-mail pending again, due `now`, with its attempts counted afresh; whether it was failed. */
export async function requeueFailedEmail(db: Db, orgId: string, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('email_outbox')
    .set({ status: 'pending', attempts: 0, due_at: now, lease_until: null })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
