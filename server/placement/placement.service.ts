import type { Static } from 'typebox'
import type {
  CreatePlacementBody,
  ListPlacementsQuery,
  UpdatePlacementBody,
} from '../../common/api/placements'
import { nowIso } from '../clock'
import type { Db } from '../db/database'
import { isUniqueViolation } from '../db/unique-violation'
import { errors } from '../errors'
import { newId } from '../ids'
import type { NamedPerson } from '../job/job.repository'
import { requireJob } from '../job/job.service'
import { type Page, pageRequest } from '../pagination'
import { findLivePersonIds } from '../person/person.repository'
import { requirePerson } from '../person/person.service'
import { externalIdChecked, externalIdIndexOf, sameExternalId } from '../records/external-id'
import { findIdByExternalId } from '../records/external-id.repository'
import { upsertByExternalId } from '../records/upsert-by-external-id'
import type { RecordDeps } from '../service-deps'
import {
  deletePlacement,
  findPlacementById,
  findPlacementPeople,
  insertPlacements,
  listPlacements,
  type Placement,
  rowToPlacement,
  updatePlacement,
} from './placement.repository'

export async function requirePlacement(db: Db, orgId: string, id: string): Promise<Placement> {
  const placement = await findPlacementById(db, orgId, id)
  if (!placement) throw new errors.PLACEMENT_NOT_FOUND(id)
  return placement
}

async function requireCandidate(db: Db, orgId: string, id: string): Promise<void> {
  const person = await requirePerson(db, orgId, id)
  if (person.kind !== 'candidate') {
    throw new errors.PERSON_KIND_INVALID(
      `applicantId ${id} is a ${person.kind}; an applicant must be a candidate`,
    )
  }
}

async function checkPeople(db: Db, orgId: string, input: UpdatePlacementBody): Promise<void> {
  if (input.applicantId) await requireCandidate(db, orgId, input.applicantId)
  if (input.mainContactId) await requirePerson(db, orgId, input.mainContactId)
  if (input.lineManagerId) await requirePerson(db, orgId, input.lineManagerId)
}

export async function createPlacement(
  deps: RecordDeps,
  orgId: string,
  input: CreatePlacementBody,
): Promise<Placement> {
  const job = await requireJob(deps.db, orgId, input.jobId)
  await checkPeople(deps.db, orgId, input)
  // Left out, the contacts are the job's own, when those people still exist.
  const live = await findLivePersonIds(
    deps.db,
    orgId,
    [job.mainContactId, job.lineManagerId].filter((id): id is string => id !== null),
  )
  const fromJob = (id: string | null) => (id && live.has(id) ? id : null)
  const row = {
    id: newId(),
    org_id: orgId,
    job_id: job.id,
    applicant_id: input.applicantId,
    main_contact_id: input.mainContactId !== undefined ? input.mainContactId : fromJob(job.mainContactId),
    line_manager_id: input.lineManagerId !== undefined ? input.lineManagerId : fromJob(job.lineManagerId),
    start_date: input.startDate ?? null,
    external_id: input.externalId ?? null,
    created_at: nowIso(deps.clock),
  }
  await takenAsConflict(input.externalId, () => insertPlacements(deps.db, [row]))
  return rowToPlacement(row)
}

export async function changePlacement(
  deps: RecordDeps,
  orgId: string,
  id: string,
  patch: UpdatePlacementBody,
): Promise<Placement> {
  await requirePlacement(deps.db, orgId, id)
  await checkPeople(deps.db, orgId, patch)
  const changes = {
    ...(patch.applicantId !== undefined ? { applicant_id: patch.applicantId } : {}),
    ...(patch.mainContactId !== undefined ? { main_contact_id: patch.mainContactId } : {}),
    ...(patch.lineManagerId !== undefined ? { line_manager_id: patch.lineManagerId } : {}),
    ...(patch.startDate !== undefined ? { start_date: patch.startDate } : {}),
    ...(patch.externalId !== undefined ? { external_id: patch.externalId } : {}),
  }
  await takenAsConflict(patch.externalId, () => updatePlacement(deps.db, orgId, id, changes))
  return requirePlacement(deps.db, orgId, id)
}

const takenAsConflict = <T>(externalId: string | null | undefined, write: () => Promise<T>) =>
  externalIdChecked({ kind: 'placement', table: 'placements', externalId }, write)

/**
 * Creates (jobId and applicantId are then required) or changes the placement with this external id;
 * a placement's job never changes, so `jobId` on a change must be its own.
 */
export async function upsertPlacementByExternalId(
  deps: RecordDeps,
  orgId: string,
  externalId: string,
  input: UpdatePlacementBody & { jobId?: string | undefined },
): Promise<{ record: Placement; created: boolean }> {
  sameExternalId(input.externalId, externalId, 'placements')
  const { jobId, ...patch } = input
  return upsertByExternalId({
    find: () => findIdByExternalId(deps.db, 'placements', orgId, externalId),
    create: () => {
      if (jobId === undefined || patch.applicantId === undefined) {
        throw new errors.REQUEST_INVALID('body/jobId and body/applicantId are required to create a placement')
      }
      return createPlacement(deps, orgId, { ...patch, jobId, applicantId: patch.applicantId, externalId })
    },
    change: async (id) => {
      const current = await requirePlacement(deps.db, orgId, id)
      if (jobId !== undefined && jobId !== current.jobId) {
        throw new errors.REQUEST_INVALID(
          `body/jobId "${jobId}" is not placement ${externalId}'s job (${current.jobId}); a placement's job never changes`,
        )
      }
      return changePlacement(deps, orgId, id, patch)
    },
    isTaken: (error) => isUniqueViolation(error, externalIdIndexOf('placements')),
  })
}

export async function removePlacement(deps: RecordDeps, orgId: string, id: string): Promise<void> {
  if (!(await deletePlacement(deps.db, orgId, id))) throw new errors.PLACEMENT_NOT_FOUND(id)
}

/** One page of the placements of `orgId` that match every filter of `query`, newest first. */
export async function searchPlacements(
  db: Db,
  orgId: string,
  query: Static<typeof ListPlacementsQuery>,
): Promise<Page<Placement>> {
  const { cursor, limit, ...filter } = query
  return listPlacements(db, orgId, filter, pageRequest({ cursor, limit }))
}

/** The placement's applicant, main contact and line manager, for its page and "Send SMS". */
export async function listPlacementPeople(
  db: Db,
  orgId: string,
  id: string,
): Promise<{ items: NamedPerson[] }> {
  const items = await findPlacementPeople(db, orgId, id)
  if (!items) throw new errors.PLACEMENT_NOT_FOUND(id)
  return { items }
}
