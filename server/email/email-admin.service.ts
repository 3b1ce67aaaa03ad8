import { type Clock, nowIso } from '../clock'
import type { Db } from '../db/database'
import { errors } from '../errors'
import {
  findEmail,
  listEmailsForAdmin,
  type OutboxEmail,
  requeueFailedEmail,
} from './email-outbox.repository'

const LIST_LIMIT = 200

export interface EmailView {
  id: string
  to: string
  subject: string
  status: OutboxEmail['status']
  attempts: number
  lastError: string | null
  dueAt: string
  sentAt: string | null
  createdAt: string
}

function viewOf(row: OutboxEmail): EmailView {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    dueAt: row.due_at,
    sentAt: row.sent_at,
    createdAt: row.created_at,
  }
}

/** The organization's queued e-mails, newest first (the latest 200), in one state if given. */
export async function listEmails(
  db: Db,
  orgId: string,
  status?: OutboxEmail['status'],
): Promise<EmailView[]> {
  return (await listEmailsForAdmin(db, orgId, status, LIST_LIMIT)).map(viewOf)
}

/** Sends a failed e-mail again: pending, due now, with a fresh count of attempts. */
export async function retryEmail(
  deps: { db: Db; clock: Clock },
  orgId: string,
  id: string,
): Promise<EmailView> {
  if (!(await requeueFailedEmail(deps.db, orgId, id, nowIso(deps.clock)))) {
    const email = await findEmail(deps.db, orgId, id)
    if (!email) throw new errors.EMAIL_NOT_FOUND(id)
    throw new errors.EMAIL_NOT_FAILED(id, email.status)
  }
  const email = await findEmail(deps.db, orgId, id)
  if (!email) throw new errors.EMAIL_NOT_FOUND(id)
  return viewOf(email)
}
