import { type Clock, nowIso } from '../clock'
import { createSimulatorConnection } from '../connection/connection.service'
import { checkReplyNumber } from '../connection/reply-number.service'
import { unknownReplyFields } from '../core/keyword-replies'
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../core/org-settings'
import { isKnownCountry } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { newId } from '../ids'
import type { RecordDeps } from '../service-deps'
import { officeViews } from './office-view'
import {
  deleteOfficeOrTeam,
  findOrganization,
  insertOffice,
  insertOrganization,
  insertTeam,
  listOffices,
  listTeams,
  type Organization,
  officeExists,
  renameTeam as renameTeamRow,
  teamExists,
  updateOffice,
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
  for (const key of ['stopReply', 'startReply', 'helpReply'] as const) {
    const unknown = unknownReplyFields(settings[key])
    if (unknown.length > 0) {
      throw new errors.REQUEST_INVALID(
        `settings.${key} uses ${unknown.join(', ')}: an answer to a keyword can only use {{ organization.name }}`,
      )
    }
  }
  await updateOrganization(db, orgId, { ...(patch.name ? { name: patch.name } : {}), settings })
  return { ...org, ...(patch.name ? { name: patch.name } : {}), settings }
}

export async function createOffice(
  deps: RecordDeps,
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

export async function createTeam(deps: RecordDeps, orgId: string, input: { name: string }) {
  const team = { id: newId(), orgId, name: input.name, createdAt: nowIso(deps.clock) }
  await insertTeam(deps.db, team)
  return team
}

type TeamRow = { id: string; name: string; created_at: string }

const teamOf = (r: TeamRow) => ({ id: r.id, name: r.name, createdAt: r.created_at })

/** Creates an office from what a user typed: its reply number is checked as `checkReplyNumber` says. */
export async function addOffice(
  deps: RecordDeps,
  orgId: string,
  input: { name: string; replyNumber?: string | null | undefined },
) {
  const replyNumber = (await checkReplyNumber(deps.db, orgId, input.replyNumber)) ?? null
  const office = await createOffice(deps, orgId, { name: input.name, replyNumber })
  const [view] = await officeViews(deps.db, orgId, [
    { id: office.id, name: office.name, reply_number: replyNumber, created_at: office.createdAt },
  ])
  return { ...(view as NonNullable<typeof view>), orgId }
}

/** The organization's offices, by name. */
export async function officesOf(db: Db, orgId: string) {
  return { items: await officeViews(db, orgId, await listOffices(db, orgId)) }
}

/** The organization's teams, by name. */
export async function teamsOf(db: Db, orgId: string) {
  return { items: (await listTeams(db, orgId)).map(teamOf) }
}

/** Renames an office or changes its reply number; OFFICE_NOT_FOUND unless it is one of `orgId`. */
export async function changeOffice(
  db: Db,
  orgId: string,
  id: string,
  patch: { name?: string | undefined; replyNumber?: string | null | undefined },
) {
  const replyNumber = await checkReplyNumber(db, orgId, patch.replyNumber)
  const row = await updateOffice(db, orgId, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(replyNumber !== undefined ? { replyNumber } : {}),
  })
  if (!row) throw new errors.OFFICE_NOT_FOUND(id)
  const [view] = await officeViews(db, orgId, [row])
  return view as NonNullable<typeof view>
}

/** Renames a team; TEAM_NOT_FOUND unless it is one of `orgId`. */
export async function renameTeam(db: Db, orgId: string, id: string, name: string) {
  const row = await renameTeamRow(db, orgId, id, name)
  if (!row) throw new errors.TEAM_NOT_FOUND(id)
  return teamOf(row)
}

/** Removes an office; users in it keep working without one. OFFICE_NOT_FOUND unless it is one of `orgId`. */
export async function removeOffice(db: Db, orgId: string, id: string): Promise<void> {
  if (!(await deleteOfficeOrTeam(db, 'offices', orgId, id))) throw new errors.OFFICE_NOT_FOUND(id)
}

/** Removes a team; users in it keep working without one. TEAM_NOT_FOUND unless it is one of `orgId`. */
export async function removeTeam(db: Db, orgId: string, id: string): Promise<void> {
  if (!(await deleteOfficeOrTeam(db, 'teams', orgId, id))) throw new errors.TEAM_NOT_FOUND(id)
}

/** Throws OFFICE_NOT_FOUND unless `id` is an office of `orgId`. */
export async function requireOffice(db: Db, orgId: string, id: string): Promise<void> {
  if (!(await officeExists(db, orgId, id))) throw new errors.OFFICE_NOT_FOUND(id)
}

/** Throws TEAM_NOT_FOUND unless `id` is a team of `orgId`. */
export async function requireTeam(db: Db, orgId: string, id: string): Promise<void> {
  if (!(await teamExists(db, orgId, id))) throw new errors.TEAM_NOT_FOUND(id)
}
