import type { AssociationType } from '../core/association'
import type { Permission } from '../core/permissions'
import { readJson } from '../db/columns'
import type { Db } from '../db/database'
import type { UserRow } from './user.table'

export interface User {
  id: string
  orgId: string
  email: string
  name: string
  role: string
  permissions: Permission[]
  officeId: string | null
  team1Id: string | null
  team2Id: string | null
  mobileE164: string | null
  replyNumber: string | null
  timeZone: string | null
  /** How the user is associated with conversations (seed 001); never empty. */
  associationTypes: AssociationType[]
  /** The replies this user is told of are also e-mailed to them, batched. */
  emailReplies: boolean
  disabledAt: string | null
  createdAt: string
}

export function rowToUser(row: UserRow): User {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    name: row.name,
    role: row.role,
    permissions: readJson<Permission[]>(row.permissions, []),
    officeId: row.office_id,
    team1Id: row.team1_id,
    team2Id: row.team2_id,
    mobileE164: row.mobile_e164,
    replyNumber: row.reply_number,
    timeZone: row.time_zone,
    associationTypes: [
      ...(row.association_incoming ? (['incoming'] as const) : []),
      ...(row.association_outgoing ? (['outgoing'] as const) : []),
    ],
    emailReplies: row.email_replies === 1,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
  }
}

export async function findUserById(db: Db, orgId: string, id: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? rowToUser(row) : undefined
}

/** E-mail addresses are stored lower-case and unique within an organization (not across them). */
export async function findUserByEmailInOrg(
  db: Db,
  orgId: string,
  email: string,
): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst()
}

/** Every account with this address, one per organization at most, oldest first (for signing in). */
export async function findUsersByEmail(db: Db, email: string, limit = 50): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute()
}

export async function listUsers(db: Db, orgId: string): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('name').execute()
  return rows.map(rowToUser)
}

export async function insertUser(db: Db, row: UserRow): Promise<void> {
  await db
    .insertInto('users')
    .values({ ...row, permissions: JSON.stringify(row.permissions) })
    .execute()
}

export async function updateUser(
  db: Db,
  orgId: string,
  id: string,
  patch: Partial<Omit<UserRow, 'id' | 'org_id' | 'created_at'>>,
): Promise<boolean> {
  const values =
    patch.permissions === undefined ? patch : { ...patch, permissions: JSON.stringify(patch.permissions) }
  const result = await db
    .updateTable('users')
    .set(values)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** The enabled admins of an organization: told of what has nobody else to tell. */
export async function findActiveAdminIds(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .execute()
  return rows.map((r) => r.id)
}
