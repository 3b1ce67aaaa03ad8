import type { Static } from 'typebox'
import type { CreateJobBody, ListJobsQuery, UpdateJobBody } from '../../common/api/jobs'
import { nowIso } from '../clock'
import { requireCompany } from '../company/company.service'
import type { Db } from '../db/database'
import { isUniqueViolation } from '../db/unique-violation'
import { errors } from '../errors'
import { newId } from '../ids'
import { type Page, pageRequest } from '../pagination'
import { requirePerson } from '../person/person.service'
import { externalIdChecked, externalIdIndexOf, sameExternalId } from '../records/external-id'
import { findIdByExternalId } from '../records/external-id.repository'
import { upsertByExternalId } from '../records/upsert-by-external-id'
import type { RecordDeps } from '../service-deps'
import {
  countJobPlacements,
  deleteJob,
  findJobById,
  findJobPeople,
  insertJobs,
  type Job,
  listJobs,
  type NamedPerson,
  rowToJob,
  updateJob,
} from './job.repository'

export async function requireJob(db: Db, orgId: string, id: string): Promise<Job> {
  const job = await findJobById(db, orgId, id)
  if (!job) throw new errors.JOB_NOT_FOUND(id)
  return job
}

/** Every id a job refers to must be the organization's own: another tenant's id is "not found". */
async function checkRefs(db: Db, orgId: string, input: UpdateJobBody): Promise<void> {
  if (input.companyId) await requireCompany(db, orgId, input.companyId)
  if (input.mainContactId) await requirePerson(db, orgId, input.mainContactId)
  if (input.lineManagerId) await requirePerson(db, orgId, input.lineManagerId)
}

function titleOf(title: string): string {
  const text = title.trim()
  if (text === '') throw new errors.REQUEST_INVALID('body/title is blank')
  return text
}

export async function createJob(deps: RecordDeps, orgId: string, input: CreateJobBody): Promise<Job> {
  await checkRefs(deps.db, orgId, input)
  const row = {
    id: newId(),
    org_id: orgId,
    title: titleOf(input.title),
    company_id: input.companyId ?? null,
    main_contact_id: input.mainContactId ?? null,
    line_manager_id: input.lineManagerId ?? null,
    status: input.status ?? 'open',
    external_id: input.externalId ?? null,
    created_at: nowIso(deps.clock),
  }
  await takenAsConflict(input.externalId, () => insertJobs(deps.db, [row]))
  return rowToJob(row)
}

export async function changeJob(
  deps: RecordDeps,
  orgId: string,
  id: string,
  patch: UpdateJobBody,
): Promise<Job> {
  await requireJob(deps.db, orgId, id)
  await checkRefs(deps.db, orgId, patch)
  const changes = {
    ...(patch.title !== undefined ? { title: titleOf(patch.title) } : {}),
    ...(patch.companyId !== undefined ? { company_id: patch.companyId } : {}),
    ...(patch.mainContactId !== undefined ? { main_contact_id: patch.mainContactId } : {}),
    ...(patch.lineManagerId !== undefined ? { line_manager_id: patch.lineManagerId } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.externalId !== undefined ? { external_id: patch.externalId } : {}),
  }
  await takenAsConflict(patch.externalId, () => updateJob(deps.db, orgId, id, changes))
  return requireJob(deps.db, orgId, id)
}

const takenAsConflict = <T>(externalId: string | null | undefined, write: () => Promise<T>) =>
  externalIdChecked({ kind: 'job', table: 'jobs', externalId }, write)

/** Creates (a title is then required) or changes the job with this external id. */
export async function upsertJobByExternalId(
  deps: RecordDeps,
  orgId: string,
  externalId: string,
  input: UpdateJobBody,
): Promise<{ record: Job; created: boolean }> {
  sameExternalId(input.externalId, externalId, 'jobs')
  return upsertByExternalId({
    find: () => findIdByExternalId(deps.db, 'jobs', orgId, externalId),
    create: () => {
      if (input.title === undefined)
        throw new errors.REQUEST_INVALID('body/title is required to create a job')
      return createJob(deps, orgId, { ...input, title: input.title, externalId })
    },
    change: (id) => changeJob(deps, orgId, id, input),
    isTaken: (error) => isUniqueViolation(error, externalIdIndexOf('jobs')),
  })
}

export async function removeJob(deps: RecordDeps, orgId: string, id: string): Promise<void> {
  await requireJob(deps.db, orgId, id)
  const placements = await countJobPlacements(deps.db, orgId, id)
  if (placements > 0) throw new errors.JOB_IN_USE(id, String(placements))
  if (!(await deleteJob(deps.db, orgId, id))) throw new errors.JOB_NOT_FOUND(id)
}

/** One page of the jobs of `orgId` that match every filter of `query`, newest first. */
export async function searchJobs(
  db: Db,
  orgId: string,
  query: Static<typeof ListJobsQuery>,
): Promise<Page<Job>> {
  const { cursor, limit, ...filter } = query
  return listJobs(db, orgId, filter, pageRequest({ cursor, limit }))
}

/** Everyone the job names (contacts, then each placement's applicant), for its page and "Send SMS". */
export async function listJobPeople(db: Db, orgId: string, id: string): Promise<{ items: NamedPerson[] }> {
  const items = await findJobPeople(db, orgId, id)
  if (!items) throw new errors.JOB_NOT_FOUND(id)
  return { items }
}
