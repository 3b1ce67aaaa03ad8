import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type Clock, nowIso } from '../clock'
import type { Role } from '../core/permissions'
import { isKnownCountry } from '../core/phone'
import { topUpCredits } from '../credit/credit.service'
import { randomToken, sha256 } from '../crypto/tokens'
import type { Database, Db } from '../db/database'
import { errors } from '../errors'
import { newId } from '../ids'
import {
  listOrganizationSummaries,
  type Organization,
  type OrganizationSummary,
} from '../organization/organization.repository'
import { createOrganization, getOrganization } from '../organization/organization.service'
import type { RecordDeps } from '../service-deps'
import type { User } from '../user/user.repository'
import { createUser } from '../user/user.service'
import {
  findActiveOperatorTokenByHash,
  insertOperatorToken,
  listOperatorTokens,
  revokeOperatorToken,
  touchOperatorToken,
} from './operator.repository'

/**
 * The platform operator's use cases: organizations and their first users, made from the command line
 * or the operator API. The operator is never a user of any organization, and an organization's
 * credentials never act as the operator.
 */
export interface OperatorDeps {
  /** Not a transaction: creating an organization opens its own. */
  db: Kysely<Database>
  clock: Clock
  secretKey: Buffer
  simulatorDeliveryDelayMs?: number
}

/** Operator tokens look like `pop_<48 url-safe chars>`, so they cannot be mistaken for an API key (`pk_`). */
function newOperatorTokenSecret(): string {
  return `pop_${randomToken(36)}`
}

/** A password for a new account, shown once: 16 url-safe characters (96 random bits). */
export function newInitialPassword(): string {
  return randomBytes(12).toString('base64url')
}

function checkEmail(email: string, field: string): void {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()))
    throw new errors.REQUEST_INVALID(`${field} "${email}" is not an e-mail address`)
}

export async function createOperatorToken(deps: RecordDeps, name: string) {
  const secret = newOperatorTokenSecret()
  const token = { id: newId(), name, prefix: secret.slice(0, 11), createdAt: nowIso(deps.clock) }
  await insertOperatorToken(deps.db, { ...token, tokenHash: sha256(secret) })
  return { ...token, secret }
}

/** The token's id when `secret` is a live operator token; its last use is recorded at most once a minute. */
export async function operatorFromToken(
  deps: RecordDeps,
  secret: string,
): Promise<{ tokenId: string } | undefined> {
  const token = await findActiveOperatorTokenByHash(deps.db, sha256(secret))
  if (!token) return undefined
  const now = deps.clock.now()
  if (!token.last_used_at || now.getTime() - Date.parse(token.last_used_at) > 60_000) {
    await touchOperatorToken(deps.db, token.id, now.toISOString())
  }
  return { tokenId: token.id }
}

export async function listTokens(db: Db) {
  return listOperatorTokens(db)
}

export async function revokeToken(deps: RecordDeps, id: string): Promise<boolean> {
  return revokeOperatorToken(deps.db, id, nowIso(deps.clock))
}

export interface NewOrganization {
  name: string
  adminEmail: string
  adminName?: string | undefined
  /** ISO 3166 country for numbers written without a country code (default GB). */
  defaultCountry?: string | undefined
  /** Credits to start with (default 0). */
  credits?: number | undefined
}

export interface CreatedOrganization {
  organization: Organization
  admin: User
  /** The admin's password, shown once: only its hash is stored. */
  password: string
  balance: number
}

/**
 * A new organization ready to try: its settings' defaults, the phone simulator as its default
 * connection (no provider account needed), an admin with a password shown once, and the credits asked
 * for (none unless given: the operator decides what an organization may spend). The organization and
 * its admin are made in one transaction, so a refused admin leaves no organization behind.
 */
export async function createOrganizationWithAdmin(
  deps: OperatorDeps,
  input: NewOrganization,
): Promise<CreatedOrganization> {
  const name = input.name.trim()
  if (!name) throw new errors.REQUEST_INVALID('name must not be empty')
  const credits = input.credits ?? 0
  if (!Number.isInteger(credits) || credits < 0)
    throw new errors.REQUEST_INVALID(`credits must be a whole number of 0 or more, got ${input.credits}`)
  const country = input.defaultCountry?.toUpperCase()
  if (country !== undefined && !isKnownCountry(country))
    throw new errors.REQUEST_INVALID(
      `defaultCountry "${input.defaultCountry}" is not an ISO 3166 country code Parley knows`,
    )
  checkEmail(input.adminEmail, 'adminEmail')
  const password = newInitialPassword()
  const { organization, admin } = await deps.db.transaction().execute(async (trx) => {
    const organization = await createOrganization(
      { ...deps, db: trx },
      { name, settings: country ? { defaultCountry: country } : {} },
    )
    const admin = await createUser({ db: trx, clock: deps.clock }, organization.id, {
      email: input.adminEmail,
      name: input.adminName?.trim() || input.adminEmail.split('@')[0] || input.adminEmail,
      role: 'admin',
      password,
    })
    return { organization, admin }
  })
  const balance =
    credits > 0
      ? await topUpCredits(deps.db, deps.clock, {
          orgId: organization.id,
          amount: credits,
          userId: null,
          note: 'Opening credits from the operator',
        })
      : 0
  return { organization, admin, password, balance }
}

export async function listOrganizations(db: Db): Promise<OrganizationSummary[]> {
  return listOrganizationSummaries(db)
}

/** A user of an organization with a password shown once; the address need only be new in that organization. */
export async function createUserWithPassword(
  deps: RecordDeps,
  orgId: string,
  input: { email: string; name: string; role: Role },
): Promise<{ user: User; password: string }> {
  checkEmail(input.email, 'email')
  await getOrganization(deps.db, orgId)
  const password = newInitialPassword()
  const user = await createUser(deps, orgId, { ...input, password })
  return { user, password }
}
