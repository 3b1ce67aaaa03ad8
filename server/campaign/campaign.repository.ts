import { sql } from 'kysely'
import { olderThan } from '../db/cursor'
import type { Db, Dialect } from '../db/database'
import { type Page, type PageRequest, pageOf } from '../pagination'
import type { CampaignRow, CampaignsTable } from './campaign.table'

export async function insertCampaign(db: Db, row: CampaignsTable): Promise<void> {
  await db.insertInto('campaigns').values(row).execute()
}

export async function findCampaignRow(db: Db, orgId: string, id: string): Promise<CampaignRow | undefined> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function listCampaignRows(db: Db, orgId: string, page: PageRequest): Promise<Page<CampaignRow>> {
  let query = db.selectFrom('campaigns').selectAll().where('org_id', '=', orgId)
  if (page.after) query = query.where(olderThan('campaigns', page.after))
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, (row) => row)
}

/** Changes a mailshot only while it is in one of `fromStatuses`; false when it has moved on. */
export async function updateCampaignIf(
  db: Db,
  id: string,
  fromStatuses: readonly string[],
  patch: Partial<CampaignsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('campaigns')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', [...fromStatuses])
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function deleteDraftCampaign(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('campaigns')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export interface StatusCount {
  status: string
  /** Held by a pause: unsent, with no time to go. */
  held: boolean
  count: number
}

export async function countCampaignMessages(db: Db, campaignId: string): Promise<StatusCount[]> {
  const held = sql<number>`case when next_attempt_at is null then 1 else 0 end`
  const rows = await db
    .selectFrom('messages')
    .select((eb) => ['status', held.as('held'), eb.fn.countAll<number>().as('count')])
    .where('campaign_id', '=', campaignId)
    .groupBy(['status', held])
    .execute()
  return rows.map((r) => ({ status: r.status, held: Number(r.held) === 1, count: Number(r.count) }))
}

/**
 * Numbers that texted back after the mailshot's text to them was sent: the reply lands in their
 * conversation like any other, and counts here.
 */
export async function countCampaignReplies(db: Db, campaignId: string): Promise<number> {
  const row = await db
    .selectFrom('messages as m')
    .select((eb) => eb.fn.count<number>('m.to_number').distinct().as('n'))
    .where('m.campaign_id', '=', campaignId)
    .where('m.sent_at', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('messages as r')
          .select('r.id')
          .whereRef('r.conversation_id', '=', 'm.conversation_id')
          .where('r.direction', '=', 'inbound')
          .whereRef('r.created_at', '>', 'm.sent_at'),
      ),
    )
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * The mailshots that texted these conversations (their numbers): a reply counts for each of them.
 * On PostgreSQL each conversation is looked up in the messages' conversation index on its own (a
 * lateral subquery that `offset 0` keeps apart): with an IN list, PostgreSQL read every message
 * whenever its statistics were older than the table's rows (a busy new database).
 */
export async function findCampaignsOfConversations(
  db: Db,
  dialect: Dialect,
  conversationIds: readonly string[],
): Promise<{ campaign_id: string; org_id: string }[]> {
  if (conversationIds.length === 0) return []
  if (dialect === 'postgres')
    return (await campaignsOfConversationsOnPostgres(conversationIds).execute(db)).rows
  const rows = await db
    .selectFrom('messages')
    .select(['campaign_id', 'org_id'])
    .distinct()
    .where('conversation_id', 'in', conversationIds)
    .where('campaign_id', 'is not', null)
    .where('sent_at', 'is not', null)
    .execute()
  return rows.flatMap((r) => (r.campaign_id ? [{ campaign_id: r.campaign_id, org_id: r.org_id }] : []))
}

/** The mailshots of any of these messages (an id may be of no mailshot), each with its organization. */
export async function findCampaignsOfMessages(
  db: Db,
  messageIds: readonly string[],
): Promise<{ campaign_id: string | null; org_id: string }[]> {
  return db
    .selectFrom('messages')
    .select(['campaign_id', 'org_id'])
    .distinct()
    .where('id', 'in', [...messageIds])
    .where('campaign_id', 'is not', null)
    .execute()
}

/** Sets what a mailshot's cancelled texts gave back. */
export async function setCampaignRefundedCredits(db: Db, id: string, refundedCredits: number): Promise<void> {
  await db.updateTable('campaigns').set({ refunded_credits: refundedCredits }).where('id', '=', id).execute()
}

/** Exported for its plan's test. */
export function campaignsOfConversationsOnPostgres(conversationIds: readonly string[]) {
  return sql<{ campaign_id: string; org_id: string }>`
    select distinct m.campaign_id, m.org_id
    from unnest(cast(${[...conversationIds]} as text[])) as c(id)
    cross join lateral (
      select campaign_id, org_id from messages
      where conversation_id = c.id and campaign_id is not null and sent_at is not null
      offset 0
    ) m`
}
