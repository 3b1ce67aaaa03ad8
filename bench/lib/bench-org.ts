import { createApiKey } from '../../server/auth/auth.service'
import type { ConnectionRow } from '../../server/connection/connection.table'
import { createOrganization } from '../../server/organization/organization.service'
import type { AppDeps } from '../../server/service-deps'
import { createUser } from '../../server/user/user.service'

export interface BenchOrg {
  orgId: string
  /** An admin: with no one associated to a conversation, replies notify the admins. */
  userId: string
  headers: { authorization: string }
  /** The phone simulator connection every new organization starts with. */
  simulator: ConnectionRow
}

/** An organization made through the app's own services, with one admin and an API key. */
export async function createBenchOrg(deps: AppDeps): Promise<BenchOrg> {
  const db = deps.database.db
  const org = await createOrganization(
    { db, clock: deps.clock, secretKey: deps.config.secretKey, simulatorDeliveryDelayMs: 0 },
    { name: 'Bench Recruitment' },
  )
  const user = await createUser({ db, clock: deps.clock }, org.id, {
    email: `admin-${org.id}@bench.example`,
    name: 'Bench Admin',
    role: 'admin',
  })
  const key = await createApiKey({ db, clock: deps.clock, sessionTtlHours: 1 }, org.id, user.id, 'bench')
  const simulator = await db
    .selectFrom('connections')
    .selectAll()
    .where('org_id', '=', org.id)
    .where('provider', '=', 'simulator')
    .executeTakeFirstOrThrow()
  return { orgId: org.id, userId: user.id, headers: { authorization: `Bearer ${key.secret}` }, simulator }
}
