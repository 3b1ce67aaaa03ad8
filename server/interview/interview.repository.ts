import { olderThan } from '../db/cursor'
import type { Db } from '../db/database'
import { type Page, type PageRequest, pageOf } from '../pagination'
import type { InterviewRow, InterviewSlotRow, InterviewsTable } from './interview.table'

export async function insertInterview(
  db: Db,
  row: InterviewsTable,
  slots: readonly InterviewSlotRow[],
): Promise<void> {
  await db.insertInto('interviews').values(row).execute()
  await db
    .insertInto('interview_slots')
    .values([...slots])
    .execute()
}

export async function deleteInterview(db: Db, id: string): Promise<void> {
  await db.deleteFrom('interview_slots').where('interview_id', '=', id).execute()
  await db.deleteFrom('interviews').where('id', '=', id).execute()
}

export async function findInterviewRow(db: Db, orgId: string, id: string): Promise<InterviewRow | undefined> {
  return db
    .selectFrom('interviews')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function findInterviewByLinkId(db: Db, linkId: string): Promise<InterviewRow | undefined> {
  return db.selectFrom('interviews').selectAll().where('link_id', '=', linkId).executeTakeFirst()
}

export async function listInterviewSlots(db: Db, interviewId: string): Promise<InterviewSlotRow[]> {
  return db
    .selectFrom('interview_slots')
    .selectAll()
    .where('interview_id', '=', interviewId)
    .orderBy('position')
    .execute()
}

export async function listInterviewRows(
  db: Db,
  orgId: string,
  filter: { personId?: string | undefined; status?: string | undefined },
  page: PageRequest,
): Promise<Page<InterviewRow>> {
  let query = db.selectFrom('interviews').selectAll().where('org_id', '=', orgId)
  if (filter.personId) query = query.where('person_id', '=', filter.personId)
  if (filter.status) query = query.where('status', '=', filter.status)
  if (page.after) query = query.where(olderThan('interviews', page.after))
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, (row) => row)
}

/** Moves an interview on only from the status it was read in; false when another answer got there first. */
export async function updateInterviewIf(
  db: Db,
  id: string,
  fromStatuses: readonly string[],
  patch: Partial<InterviewsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('interviews')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', [...fromStatuses])
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function setInterviewMessage(db: Db, id: string, messageId: string): Promise<void> {
  await db.updateTable('interviews').set({ message_id: messageId }).where('id', '=', id).execute()
}
