import { nowIso } from '../clock'
import { checkReplyNumber } from '../connection/reply-number.service'
import type { AssociationType } from '../core/association'
import { isPermission, ROLE_PERMISSIONS, type Role } from '../core/permissions'
import { toE164 } from '../core/phone'
import { hashPassword } from '../crypto/password'
import type { Db } from '../db/database'
import { isUniqueViolation } from '../db/unique-violation'
import { errors } from '../errors'
import { newId } from '../ids'
import { getOrganization, requireOffice, requireTeam } from '../organization/organization.service'
import type { RecordDeps } from '../service-deps'
import {
  findUserByEmailInOrg,
  findUserById,
  insertUser,
  listUsers,
  rowToUser,
  type User,
  updateUser,
} from './user.repository'

export interface NewUser {
  email: string
  name: string
  password?: string | null
  role: Role
  /** Defaults to the role's permissions. */
  permissions?: string[]
  officeId?: string | null
  team1Id?: string | null
  team2Id?: string | null
  mobileE164?: string | null
  /** Checked (`checkReplyNumber`) before it gets here. */
  replyNumber?: string | null
  timeZone?: string | null
  /** Incoming and/or outgoing (seed 001); both when not given, never none. */
  associationTypes?: AssociationType[]
  /** E-mail the replies the user is told of, batched; off when not given. */
  emailReplies?: boolean
}

/** The stored flags of a set of association types; refuses an empty set. */
function associationColumns(types: readonly AssociationType[]) {
  if (types.length === 0) throw new errors.USER_ASSOCIATION_TYPES_EMPTY()
  return {
    association_incoming: types.includes('incoming') ? 1 : 0,
    association_outgoing: types.includes('outgoing') ? 1 : 0,
  }
}

function checkPermissions(permissions: string[]): string[] {
  const unknown = permissions.filter((p) => !isPermission(p))
  if (unknown.length > 0) throw new errors.REQUEST_INVALID(`Unknown permission(s): ${unknown.join(', ')}`)
  return [...new Set(permissions)]
}

async function checkOrgRefs(db: Db, orgId: string, input: Partial<NewUser>): Promise<void> {
  if (input.officeId) await requireOffice(db, orgId, input.officeId)
  for (const teamId of [input.team1Id, input.team2Id]) {
    if (teamId) await requireTeam(db, orgId, teamId)
  }
}

/** A mobile number as typed, parsed with the organization's default country; blank is none, undefined unchanged. */
async function mobileFor(db: Db, orgId: string, mobile: string | null | undefined) {
  if (mobile === undefined) return undefined
  if (mobile === null || mobile === '') return null
  const org = await getOrganization(db, orgId)
  const parsed = toE164(mobile, org.settings.defaultCountry)
  if ('reason' in parsed) throw new errors.PHONE_NUMBER_INVALID(`mobile ${parsed.reason}`)
  return parsed.e164
}

/** The organization's users. */
export async function usersOf(db: Db, orgId: string): Promise<{ items: User[] }> {
  return { items: await listUsers(db, orgId) }
}

/** Throws USER_NOT_FOUND unless `id` is a user of `orgId`. */
export async function requireUser(db: Db, orgId: string, id: string): Promise<User> {
  const user = await findUserById(db, orgId, id)
  if (!user) throw new errors.USER_NOT_FOUND(id)
  return user
}

type TypedNumbers = { mobile?: string | null | undefined; replyNumber?: string | null | undefined }

/**
 * Invites a user with a mobile number as typed (see `mobileFor`) and a reply number that one of the
 * organization's connections can send from (see `checkReplyNumber`).
 */
export async function inviteUser(
  deps: RecordDeps,
  orgId: string,
  input: Omit<NewUser, 'mobileE164' | 'replyNumber'> & TypedNumbers,
): Promise<User> {
  const { mobile, replyNumber, ...rest } = input
  const mobileE164 = await mobileFor(deps.db, orgId, mobile)
  const checkedReplyNumber = await checkReplyNumber(deps.db, orgId, replyNumber)
  return createUser(deps, orgId, {
    ...rest,
    mobileE164: mobileE164 ?? null,
    replyNumber: checkedReplyNumber ?? null,
  })
}

/** Changes a user, with a mobile number as typed and a reply number checked, as `inviteUser` says. */
export async function editUser(
  deps: RecordDeps,
  orgId: string,
  id: string,
  patch: Omit<Partial<NewUser>, 'mobileE164' | 'replyNumber'> & TypedNumbers & { disabled?: boolean },
): Promise<User> {
  const { mobile, replyNumber, ...rest } = patch
  const mobileE164 = await mobileFor(deps.db, orgId, mobile)
  const checkedReplyNumber = await checkReplyNumber(deps.db, orgId, replyNumber)
  return changeUser(deps, orgId, id, {
    ...rest,
    ...(mobileE164 !== undefined ? { mobileE164 } : {}),
    ...(checkedReplyNumber !== undefined ? { replyNumber: checkedReplyNumber } : {}),
  })
}

export async function createUser(deps: RecordDeps, orgId: string, input: NewUser): Promise<User> {
  const email = input.email.trim().toLowerCase()
  // Only this organization's users are looked at: an address used in another one is no concern of this one.
  if (await findUserByEmailInOrg(deps.db, orgId, email)) throw new errors.USER_EMAIL_TAKEN(email)
  await checkOrgRefs(deps.db, orgId, input)
  const row = {
    id: newId(),
    org_id: orgId,
    email,
    name: input.name,
    password_hash: input.password ? await hashPassword(input.password) : null,
    role: input.role,
    permissions: checkPermissions(input.permissions ?? [...ROLE_PERMISSIONS[input.role]]),
    office_id: input.officeId ?? null,
    team1_id: input.team1Id ?? null,
    team2_id: input.team2Id ?? null,
    mobile_e164: input.mobileE164 ?? null,
    reply_number: input.replyNumber ?? null,
    time_zone: input.timeZone ?? null,
    ...associationColumns(input.associationTypes ?? ['incoming', 'outgoing']),
    email_replies: input.emailReplies ? 1 : 0,
    disabled_at: null,
    created_at: nowIso(deps.clock),
  }
  try {
    await insertUser(deps.db, row)
  } catch (error) {
    // Two requests adding the same address at once: the index on (org_id, lower(email)) turns one away.
    if (isUniqueViolation(error, { table: 'users', column: 'email', index: 'users_org_email_idx' }))
      throw new errors.USER_EMAIL_TAKEN(email)
    throw error
  }
  return rowToUser(row)
}

export async function changeUser(
  deps: RecordDeps,
  orgId: string,
  id: string,
  patch: Partial<NewUser> & { disabled?: boolean },
): Promise<User> {
  const existing = await findUserById(deps.db, orgId, id)
  if (!existing) throw new errors.USER_NOT_FOUND(id)
  await checkOrgRefs(deps.db, orgId, patch)
  await updateUser(deps.db, orgId, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.role !== undefined ? { role: patch.role } : {}),
    ...(patch.permissions !== undefined ? { permissions: checkPermissions(patch.permissions) } : {}),
    ...(patch.password ? { password_hash: await hashPassword(patch.password) } : {}),
    ...(patch.officeId !== undefined ? { office_id: patch.officeId } : {}),
    ...(patch.team1Id !== undefined ? { team1_id: patch.team1Id } : {}),
    ...(patch.team2Id !== undefined ? { team2_id: patch.team2Id } : {}),
    ...(patch.mobileE164 !== undefined ? { mobile_e164: patch.mobileE164 } : {}),
    ...(patch.replyNumber !== undefined ? { reply_number: patch.replyNumber } : {}),
    ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
    ...(patch.associationTypes !== undefined ? associationColumns(patch.associationTypes) : {}),
    ...(patch.emailReplies !== undefined ? { email_replies: patch.emailReplies ? 1 : 0 } : {}),
    ...(patch.disabled !== undefined ? { disabled_at: patch.disabled ? nowIso(deps.clock) : null } : {}),
  })
  const user = await findUserById(deps.db, orgId, id)
  if (!user) throw new errors.USER_NOT_FOUND(id)
  return user
}
