import type { Db } from '../db/database'
import type { ReplyEmailsTable } from './reply-email.table'

/** Values in one `IN (...)` list, well under both dialects' limits on bound parameters. */
const IN_LIST = 10_000

async function selectInChunks<R>(
  values: readonly string[],
  query: (chunk: string[]) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < values.length; i += IN_LIST) out.push(...(await query(values.slice(i, i + IN_LIST))))
  return out
}

/** Of these users, the live ones who want replies by e-mail. */
export async function findReplyEmailUsers(db: Db, userIds: readonly string[]): Promise<Set<string>> {
  const rows = await selectInChunks([...new Set(userIds)], (ids) =>
    db
      .selectFrom('users')
      .select('id')
      .where('id', 'in', ids)
      .where('email_replies', '=', 1)
      .where('disabled_at', 'is', null)
      .execute(),
  )
  return new Set(rows.map((r) => r.id))
}

/** Queues replies for their users' next e-mail; a reply already queued for a user is left as it is. */
export async function queueReplyEmails(db: Db, rows: readonly ReplyEmailsTable[]): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('reply_emails')
    .values([...rows])
    .onConflict((oc) => oc.columns(['user_id', 'message_id']).doNothing())
    .execute()
}

/** The users whose oldest waiting reply was queued at `dueBy` or before: their batch is due. */
export async function listUsersWithDueReplies(db: Db, dueBy: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('reply_emails')
    .select('user_id')
    .groupBy('user_id')
    .having((eb) => eb.fn.min('created_at'), '<=', dueBy)
    .orderBy('user_id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.user_id)
}

/**
 * Takes a user's waiting replies queued by `until` out of the queue, in the caller's transaction;
 * what it took. A second worker doing the same at once takes nothing: on PostgreSQL its delete waits
 * for the first one's rows and finds them gone, and SQLite runs one transaction at a time.
 */
export async function takeReplyEmails(db: Db, userId: string, until: string): Promise<string[]> {
  const rows = await db
    .deleteFrom('reply_emails')
    .where('user_id', '=', userId)
    .where('created_at', '<=', until)
    .returning('message_id')
    .execute()
  return rows.map((r) => r.message_id)
}

/** The user an e-mail of replies goes to. */
export function findReplyEmailRecipient(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['org_id', 'email', 'email_replies', 'disabled_at'])
    .where('id', '=', userId)
    .executeTakeFirst()
}

/** The replies of an e-mail, oldest first, with the name of the person who sent each when known. */
export function findRepliesToEmail(db: Db, messageIds: readonly string[]) {
  return selectInChunks(messageIds, (ids) =>
    db
      .selectFrom('messages')
      .leftJoin('people', 'people.id', 'messages.person_id')
      .select([
        'messages.id',
        'messages.conversation_id',
        'messages.from_number',
        'messages.to_number',
        'messages.body',
        'messages.created_at',
        'people.first_name',
        'people.last_name',
      ])
      .where('messages.id', 'in', ids)
      .where('messages.deleted_at', 'is', null)
      .orderBy('messages.created_at')
      .orderBy('messages.id')
      .execute(),
  )
}
