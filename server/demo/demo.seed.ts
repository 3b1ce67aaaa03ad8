import { randomBytes } from 'node:crypto'
import { type Clock, nowIso } from '../clock'
import { listConnections } from '../connection/connection.repository'
import { replaceNumbersOf } from '../connection/connection-number.repository'
import { topUpCredits } from '../credit/credit.service'
import { hashPassword } from '../crypto/password'
import type { Db } from '../db/database'
import { createOffice, createOrganization, createTeam } from '../organization/organization.service'
import { findUsersByEmail, updateUser } from '../user/user.repository'
import { createUser } from '../user/user.service'
import { seedDemoRecords } from './demo-records'

export const DEMO_ADMIN_EMAIL = 'admin@example.com'

export interface DemoResult {
  created: boolean
  orgId: string
  /** The admin password when it was set now (first start, or PARLEY_ADMIN_PASSWORD given). */
  adminPassword: string | null
}

/**
 * Creates the demo organization once: an admin, recruiters in two offices and two teams.
 * On later starts it only resets the admin password when PARLEY_ADMIN_PASSWORD is given.
 */
export async function seedDemo(
  deps: { db: Db; clock: Clock; secretKey: Buffer; simulatorDeliveryDelayMs?: number },
  adminPassword: string | undefined,
): Promise<DemoResult> {
  // The demo's admin is the first account with this address (another organization may use it too).
  const [existing] = await findUsersByEmail(deps.db, DEMO_ADMIN_EMAIL, 1)
  if (existing) {
    if (adminPassword) {
      await updateUser(deps.db, existing.org_id, existing.id, {
        password_hash: await hashPassword(adminPassword),
      })
    }
    return { created: false, orgId: existing.org_id, adminPassword: adminPassword ?? null }
  }
  const password = adminPassword ?? randomBytes(9).toString('base64url')
  const org = await createOrganization(deps, {
    name: 'Northwind Recruitment',
    settings: { defaultCountry: 'GB' },
  })
  await topUpCredits(deps.db, deps.clock, { orgId: org.id, amount: 1000, userId: null, note: 'Demo credits' })
  // the phone simulator owns both offices' numbers, so each office's texts go from its own
  const [simulator] = await listConnections(deps.db, org.id)
  if (simulator) {
    await replaceNumbersOf(deps.db, {
      orgId: org.id,
      connectionId: simulator.id,
      numbers: ['+447700900000', '+46701740605'],
      at: nowIso(deps.clock),
    })
  }
  const london = await createOffice(deps, org.id, { name: 'London', replyNumber: '+447700900000' })
  const stockholm = await createOffice(deps, org.id, { name: 'Stockholm', replyNumber: '+46701740605' })
  const tech = await createTeam(deps, org.id, { name: 'Technology' })
  const finance = await createTeam(deps, org.id, { name: 'Finance & Accounting' })
  await createUser(deps, org.id, {
    email: DEMO_ADMIN_EMAIL,
    name: 'Alex Admin',
    password,
    role: 'admin',
    officeId: london.id,
    timeZone: 'Europe/London',
  })
  const staff = [
    {
      email: 'maria.manager@example.com',
      name: 'Maria Lindqvist',
      role: 'manager',
      office: stockholm,
      team: finance,
      tz: 'Europe/Stockholm',
    },
    {
      email: 'rita.recruiter@example.com',
      name: 'Rita Patel',
      role: 'recruiter',
      office: london,
      team: tech,
      tz: 'Europe/London',
    },
    {
      email: 'sam.recruiter@example.com',
      name: 'Sam Okafor',
      role: 'recruiter',
      office: london,
      team: finance,
      tz: 'Europe/London',
    },
    {
      email: 'erik.recruiter@example.com',
      name: 'Erik Nilsson',
      role: 'recruiter',
      office: stockholm,
      team: tech,
      tz: 'Europe/Stockholm',
    },
  ] as const
  for (const s of staff) {
    await createUser(deps, org.id, {
      email: s.email,
      name: s.name,
      password,
      role: s.role,
      officeId: s.office.id,
      team1Id: s.team.id,
      timeZone: s.tz,
    })
  }
  await seedDemoRecords(deps, org.id)
  return { created: true, orgId: org.id, adminPassword: password }
}
