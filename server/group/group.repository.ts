import { lowerLikeExpression, olderThan } from '../db/cursor'
import type { Db } from '../db/database'
import { type Page, type PageRequest, pageOf } from '../pagination'
import type { GroupRow } from './group.table'

export interface Group {
  id: string
  orgId: string
  name: string
  /** Members that are not deleted. */
  memberCount: number
  createdAt: string
}

function rowToGroup(row: GroupRow & { member_count: number | string | null }): Group {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    memberCount: Number(row.member_count ?? 0),
    createdAt: row.created_at,
  }
}

function selectGroups(db: Db, orgId: string) {
  return db
    .selectFrom('groups')
    .selectAll('groups')
    .select((eb) =>
      eb
        .selectFrom('group_members')
        .innerJoin('people', 'people.id', 'group_members.person_id')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .whereRef('group_members.group_id', '=', 'groups.id')
        .where('people.deleted_at', 'is', null)
        .as('member_count'),
    )
    .where('groups.org_id', '=', orgId)
}

export async function findGroupById(db: Db, orgId: string, id: string): Promise<Group | undefined> {
  const row = await selectGroups(db, orgId).where('groups.id', '=', id).executeTakeFirst()
  return row ? rowToGroup(row) : undefined
}

export async function listGroups(
  db: Db,
  orgId: string,
  filter: { q?: string | undefined },
  page: PageRequest,
): Promise<Page<Group>> {
  let query = selectGroups(db, orgId)
  if (filter.q?.trim()) query = query.where(lowerLikeExpression('groups.name', filter.q.trim()))
  if (page.after) query = query.where(olderThan('groups', page.after))
  const rows = await query
    .orderBy('groups.created_at', 'desc')
    .orderBy('groups.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, rowToGroup)
}

export async function insertGroups(db: Db, rows: readonly GroupRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('groups').values(rows).execute()
}

export async function renameGroup(db: Db, orgId: string, id: string, name: string): Promise<void> {
  await db.updateTable('groups').set({ name }).where('org_id', '=', orgId).where('id', '=', id).execute()
}

export async function deleteGroup(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('groups')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Adds people not yet in the group; returns how many were new. The caller checks they are the org's. */
export async function addGroupMembers(
  db: Db,
  groupId: string,
  personIds: readonly string[],
  addedAt: string,
): Promise<number> {
  let added = 0
  const unique = [...new Set(personIds)]
  for (let i = 0; i < unique.length; i += 500) {
    const result = await db
      .insertInto('group_members')
      .values(
        unique
          .slice(i, i + 500)
          .map((personId) => ({ group_id: groupId, person_id: personId, added_at: addedAt })),
      )
      .onConflict((oc) => oc.columns(['group_id', 'person_id']).doNothing())
      .executeTakeFirst()
    added += Number(result.numInsertedOrUpdatedRows ?? 0)
  }
  return added
}

export async function removeGroupMember(db: Db, groupId: string, personId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('person_id', '=', personId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
