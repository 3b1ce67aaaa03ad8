import { type Clock, nowIso } from '../clock'
import { createSimulatorConnection } from '../connection/connection.service'
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../core/org-settings'
import { isKnownCountry } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { newId } from '../ids'
import {
  findOrganization,
  insertOffice,
  insertOrganization,
  insertTeam,
  type Organization,
  updateOrganization,
} from './organization.repository'

/** A new organization, with the phone simulator as its default connection so it can text at once. */
export async function createOrganization(
  deps: { db: Db; clock: Clock; secretKey: Buffer; simulatorDeliveryDelayMs?: number },
  input: { name: string; settings?: Partial<OrgSettings> },
): Promise<Organization> {
  const org: Organization = {
    id: newId(),
    name: input.name,
    settings: { ...DEFAULT_ORG_SETTINGS, ...(input.settings ?? {}) },
    createdAt: nowIso(deps.clock),
  }
  await insertOrganization(deps.db, org)
  await createSimulatorConnection(deps, org.id)
  return org
}

export async function getOrganization(db: Db, orgId: string): Promise<Organization> {
  const org = await findOrganization(db, orgId)
  if (!org) throw new errors.ORGANIZATION_NOT_FOUND(orgId)
  return org
}

export async function changeOrganization(
  db: Db,
  orgId: string,
  patch: { name?: string; settings?: Partial<OrgSettings> },
): Promise<Organization> {
  const org = await getOrganization(db, orgId)
  const settings = { ...org.settings, ...(patch.settings ?? {}) }
  if (!isKnownCountry(settings.defaultCountry)) {
    throw new errors.REQUEST_INVALID(
      `settings.defaultCountry "${settings.defaultCountry}" is not an ISO 3166 country code Parley knows`,
    )
  }
  await updateOrganization(db, orgId, { ...(patch.name ? { name: patch.name } : {}), settings })
  return { ...org, ...(patch.name ? { name: patch.name } : {}), settings }
}

export async function createOffice(
  deps: { db: Db; clock: Clock },
  orgId: string,
  input: { name: string; replyNumber?: string | null },
) {
  const office = {
    id: newId(),
    orgId,
    name: input.name,
    replyNumber: input.replyNumber ?? null,
    createdAt: nowIso(deps.clock),
  }
  await insertOffice(deps.db, office)
  return office
}

export async function createTeam(deps: { db: Db; clock: Clock }, orgId: string, input: { name: string }) {
  const team = { id: newId(), orgId, name: input.name, createdAt: nowIso(deps.clock) }
  await insertTeam(deps.db, team)
  return team
}
