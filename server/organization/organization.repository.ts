import { type OrgSettings, withDefaultSettings } from '../core/org-settings'
import { readJson } from '../db/columns'
import type { Db } from '../db/database'

export interface Organization {
  id: string
  name: string
  settings: OrgSettings
  createdAt: string
}

export async function findOrganization(db: Db, id: string): Promise<Organization | undefined> {
  const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) return undefined
  return {
    id: row.id,
    name: row.name,
    settings: withDefaultSettings(readJson<Partial<OrgSettings>>(row.settings, {})),
    createdAt: row.created_at,
  }
}

export async function insertOrganization(db: Db, org: Organization): Promise<void> {
  await db
    .insertInto('organizations')
    .values({ id: org.id, name: org.name, settings: JSON.stringify(org.settings), created_at: org.createdAt })
    .execute()
}

export async function updateOrganization(
  db: Db,
  id: string,
  patch: { name?: string; settings?: OrgSettings },
): Promise<void> {
  await db
    .updateTable('organizations')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.settings !== undefined ? { settings: JSON.stringify(patch.settings) } : {}),
    })
    .where('id', '=', id)
    .execute()
}

export async function insertOffice(
  db: Db,
  row: { id: string; orgId: string; name: string; replyNumber: string | null; createdAt: string },
) {
  await db
    .insertInto('offices')
    .values({
      id: row.id,
      org_id: row.orgId,
      name: row.name,
      reply_number: row.replyNumber,
      created_at: row.createdAt,
    })
    .execute()
}

/** One office of `orgId`, or undefined when it has no such office. */
export async function findOffice(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('offices')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function listOffices(db: Db, orgId: string) {
  return db.selectFrom('offices').selectAll().where('org_id', '=', orgId).orderBy('name').execute()
}

export async function insertTeam(
  db: Db,
  row: { id: string; orgId: string; name: string; createdAt: string },
) {
  await db
    .insertInto('teams')
    .values({ id: row.id, org_id: row.orgId, name: row.name, created_at: row.createdAt })
    .execute()
}

export async function listTeams(db: Db, orgId: string) {
  return db.selectFrom('teams').selectAll().where('org_id', '=', orgId).orderBy('name').execute()
}

/** Ids and names of the organizations given, by name. */
export async function listOrganizationNames(db: Db, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .orderBy('name')
    .execute()
}

/** Ids and names of the first `limit` organizations by name. */
export async function listOrganizationNamesByName(
  db: Db,
  limit: number,
): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('organizations').select(['id', 'name']).orderBy('name').limit(limit).execute()
}

export interface OrganizationSummary {
  id: string
  name: string
  users: number
  balance: number
  createdAt: string
}

/** Every organization with its number of users and credit balance, oldest first, for the operator. */
export async function listOrganizationSummaries(db: Db): Promise<OrganizationSummary[]> {
  const rows = await db
    .selectFrom('organizations as o')
    .leftJoin('credit_balances as b', 'b.org_id', 'o.id')
    .select((eb) => [
      'o.id',
      'o.name',
      'o.created_at',
      'b.balance',
      eb
        .selectFrom('users as u')
        .select((u) => u.fn.countAll<number>().as('n'))
        .whereRef('u.org_id', '=', 'o.id')
        .as('users'),
    ])
    .orderBy('o.created_at')
    .orderBy('o.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    users: Number(r.users ?? 0),
    balance: r.balance ?? 0,
    createdAt: r.created_at,
  }))
}

/** The office after the change, or undefined when `id` is no office of `orgId`. */
export async function updateOffice(
  db: Db,
  orgId: string,
  id: string,
  patch: { name?: string; replyNumber?: string | null },
) {
  return db
    .updateTable('offices')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.replyNumber !== undefined ? { reply_number: patch.replyNumber } : {}),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

/** The team after the rename, or undefined when `id` is no team of `orgId`. */
export async function renameTeam(db: Db, orgId: string, id: string, name: string) {
  return db
    .updateTable('teams')
    .set({ name })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

/** Deletes an office or a team of `orgId`; false when there was none with that id. */
export async function deleteOfficeOrTeam(
  db: Db,
  table: 'offices' | 'teams',
  orgId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom(table)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Whether `id` is an office of `orgId`. */
export async function officeExists(db: Db, orgId: string, id: string): Promise<boolean> {
  const found = await db
    .selectFrom('offices')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return found !== undefined
}

/** Whether `id` is a team of `orgId`. */
export async function teamExists(db: Db, orgId: string, id: string): Promise<boolean> {
  const found = await db
    .selectFrom('teams')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return found !== undefined
}
