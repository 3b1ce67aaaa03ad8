import type { Clock } from '../clock'
import { nowIso } from '../clock'
import { seesOwnTextsOnly } from '../core/association'
import { verifyPassword } from '../crypto/password'
import { newApiKeySecret, randomToken, sha256 } from '../crypto/tokens'
import type { Db } from '../db/database'
import { errors, withDetails } from '../errors'
import { newId } from '../ids'
import { listOrganizationNames } from '../organization/organization.repository'
import { getOrganization } from '../organization/organization.service'
import type { RecordDeps } from '../service-deps'
import { findUserById, findUsersByEmail } from '../user/user.repository'
import type { UserRow } from '../user/user.table'
import {
  deleteSession,
  findActiveApiKeyByHash,
  findLiveSession,
  insertApiKey,
  insertSession,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
} from './auth.repository'

/** Who is making a request, resolved from a session cookie or an API key. */
export interface Actor {
  orgId: string
  userId: string
  permissions: string[]
  /** The user is outgoing only (seed 001): they see and act on only the texts they sent. */
  ownOnly: boolean
  via: 'session' | 'api_key'
  /** Session id and CSRF token, for cookie-authenticated requests only. */
  sessionId?: string
  csrfToken?: string
}

export interface AuthDeps {
  db: Db
  clock: Clock
  sessionTtlHours: number
}

export interface LoginInput {
  email: string
  password: string
  /** The organization's id, when the same address and password open accounts in several. */
  organization?: string | undefined
}

/**
 * Signs in by e-mail and password. An address is unique within an organization, not across them, so
 * the password is tried against each account with that address: one match signs in; several ask for
 * the organization (naming only the organizations whose account the password opened, so nobody learns
 * where else an address is used without its password).
 */
export async function login(deps: AuthDeps, input: LoginInput) {
  const accounts = (await findUsersByEmail(deps.db, input.email)).filter(
    (u) => input.organization === undefined || u.org_id === input.organization,
  )
  // Hash even when there is no account, so the response time does not reveal which emails exist.
  if (accounts.length === 0) await verifyPassword(input.password, null)
  const opened: UserRow[] = []
  for (const account of accounts) {
    const ok = await verifyPassword(input.password, account.password_hash)
    if (ok && !account.disabled_at) opened.push(account)
  }
  const [user, ...others] = opened
  if (!user) throw new errors.AUTH_INVALID_CREDENTIALS()
  if (others.length > 0) {
    const organizations = await listOrganizationNames(
      deps.db,
      opened.map((u) => u.org_id),
    )
    throw withDetails(new errors.AUTH_ORGANIZATION_REQUIRED(opened.length), { organizations })
  }
  const token = randomToken()
  const csrfToken = randomToken(24)
  const now = deps.clock.now()
  await insertSession(deps.db, {
    id: sha256(token),
    orgId: user.org_id,
    userId: user.id,
    csrfToken,
    expiresAt: new Date(now.getTime() + deps.sessionTtlHours * 3_600_000).toISOString(),
    createdAt: now.toISOString(),
  })
  return { token, csrfToken, userId: user.id, orgId: user.org_id }
}

export async function logout(deps: AuthDeps, sessionId: string): Promise<void> {
  await deleteSession(deps.db, sessionId)
}

async function actorFor(
  deps: AuthDeps,
  orgId: string,
  userId: string,
  via: Actor['via'],
): Promise<Actor | undefined> {
  const user = await findUserById(deps.db, orgId, userId)
  if (!user || user.disabledAt) return undefined
  return {
    orgId,
    userId,
    permissions: user.permissions,
    ownOnly: seesOwnTextsOnly(user.associationTypes),
    via,
  }
}

export async function actorFromSessionToken(deps: AuthDeps, token: string): Promise<Actor | undefined> {
  const session = await findLiveSession(deps.db, sha256(token), nowIso(deps.clock))
  if (!session) return undefined
  const actor = await actorFor(deps, session.org_id, session.user_id, 'session')
  return actor && { ...actor, sessionId: session.id, csrfToken: session.csrf_token }
}

export async function actorFromApiKey(deps: AuthDeps, secret: string): Promise<Actor | undefined> {
  const key = await findActiveApiKeyByHash(deps.db, sha256(secret))
  if (!key) return undefined
  // Recorded at most once a minute, so reads through an API key stay reads (no commit per request).
  const now = deps.clock.now()
  if (!key.last_used_at || now.getTime() - Date.parse(key.last_used_at) > 60_000) {
    await touchApiKey(deps.db, key.id, now.toISOString())
  }
  return actorFor(deps, key.org_id, key.user_id, 'api_key')
}

/** Creates a key for a user; the secret is returned once and only its hash is stored. */
export async function createApiKey(deps: AuthDeps, orgId: string, userId: string, name: string) {
  const user = await findUserById(deps.db, orgId, userId)
  if (!user) throw new errors.USER_NOT_FOUND(userId)
  const secret = newApiKeySecret()
  const id = newId()
  const createdAt = nowIso(deps.clock)
  const prefix = secret.slice(0, 10)
  await insertApiKey(deps.db, { id, orgId, userId, name, prefix, keyHash: sha256(secret), createdAt })
  return { id, name, prefix, secret, userId, createdAt }
}

/** The signed-in user and organization; AUTH_REQUIRED when the user is gone. */
export async function whoAmI(db: Db, actor: Actor) {
  const user = await findUserById(db, actor.orgId, actor.userId)
  if (!user) throw new errors.AUTH_REQUIRED()
  const org = await getOrganization(db, actor.orgId)
  return { user, organization: org, csrfToken: actor.csrfToken ?? null }
}

const canManageUsers = (actor: Actor) => actor.permissions.includes('users.manage')

/** The organization's API keys (never the secrets): all of them for a user manager, else the actor's own. */
export async function apiKeysFor(db: Db, actor: Actor) {
  const rows = await listApiKeys(db, actor.orgId)
  const own = canManageUsers(actor) ? rows : rows.filter((r) => r.user_id === actor.userId)
  return {
    items: own.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      userId: r.user_id,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    })),
  }
}

/** Revokes one of the actor's keys, or any key of the organization for a user manager; API_KEY_NOT_FOUND else. */
export async function revokeApiKeyFor(deps: RecordDeps, actor: Actor, id: string): Promise<void> {
  const keys = await listApiKeys(deps.db, actor.orgId)
  const key = keys.find((k) => k.id === id)
  if (!key || (key.user_id !== actor.userId && !canManageUsers(actor))) {
    throw new errors.API_KEY_NOT_FOUND(id)
  }
  await revokeApiKey(deps.db, actor.orgId, key.id, nowIso(deps.clock))
}
