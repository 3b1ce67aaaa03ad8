import { createApiKey } from '../auth/auth.service'
import type { OrgSettings } from '../core/org-settings'
import type { Permission, Role } from '../core/permissions'
import { topUpCredits } from '../credit/credit.service'
import { createOrganization } from '../organization/organization.service'
import { createUser } from '../user/user.service'
import type { TestContext } from './setup'

let counter = 0

export interface TestActor {
  orgId: string
  userId: string
  apiKey: string
  /** Headers that authenticate as this user. */
  headers: { authorization: string }
}

/** A new organization with one user of `role` and an API key for them. */
export async function createOrgWithUser(
  ctx: TestContext,
  options: {
    role?: Role
    permissions?: Permission[]
    settings?: Partial<OrgSettings>
    name?: string
    /** Credits to top up with (default 100). */
    credits?: number
  } = {},
): Promise<TestActor> {
  const deps = {
    db: ctx.deps.database.db,
    clock: ctx.deps.clock,
    secretKey: ctx.deps.config.secretKey,
    simulatorDeliveryDelayMs: ctx.deps.config.simulatorDeliveryDelayMs,
  }
  counter += 1
  const org = await createOrganization(deps, {
    name: options.name ?? `Org ${counter}`,
    settings: options.settings ?? {},
  })
  const credits = options.credits ?? 100
  if (credits > 0) await topUpCredits(deps.db, deps.clock, { orgId: org.id, amount: credits, userId: null })
  return addUser(ctx, org.id, options)
}

export async function addUser(
  ctx: TestContext,
  orgId: string,
  options: { role?: Role; permissions?: Permission[]; password?: string; email?: string } = {},
): Promise<TestActor> {
  const deps = { db: ctx.deps.database.db, clock: ctx.deps.clock }
  counter += 1
  const user = await createUser(deps, orgId, {
    email: options.email ?? `user${counter}-${Date.now()}@example.com`,
    name: `User ${counter}`,
    role: options.role ?? 'admin',
    password: options.password ?? 'correct horse battery',
    ...(options.permissions ? { permissions: options.permissions } : {}),
  })
  const key = await createApiKey({ ...deps, sessionTtlHours: 1 }, orgId, user.id, 'test')
  return { orgId, userId: user.id, apiKey: key.secret, headers: { authorization: `Bearer ${key.secret}` } }
}
