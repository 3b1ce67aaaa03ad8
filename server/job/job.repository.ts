import type { JobStatus } from '../../common/api/jobs'
import { lowerLikeExpression, olderThan } from '../db/cursor'
import type { Db } from '../db/database'
import { type Page, type PageRequest, pageOf } from '../pagination'
import { findLivePersonIds, findPeopleByIds, type Person } from '../person/person.repository'
import type { JobRow } from './job.table'

export interface Job {
  id: string
  orgId: string
  title: string
  companyId: string | null
  mainContactId: string | null
  lineManagerId: string | null
  status: JobStatus
  externalId: string | null
  createdAt: string
}

/** Who a job or placement names, for texting "the main contact" or "everyone on this placement". */
export type RecipientRole = 'main_contact' | 'line_manager' | 'applicant'
export interface RecordRecipient {
  personId: string
  role: RecipientRole
}

const STATUSES: readonly string[] = ['open', 'on_hold', 'filled', 'closed']

export function rowToJob(row: JobRow): Job {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    companyId: row.company_id,
    mainContactId: row.main_contact_id,
    lineManagerId: row.line_manager_id,
    status: (STATUSES.includes(row.status) ? row.status : 'open') as JobStatus,
    externalId: row.external_id,
    createdAt: row.created_at,
  }
}

export async function findJobById(db: Db, orgId: string, id: string): Promise<Job | undefined> {
  const row = await db
    .selectFrom('jobs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? rowToJob(row) : undefined
}

export interface JobFilter {
  q?: string | undefined
  externalId?: string | undefined
  companyId?: string | undefined
  status?: JobStatus | undefined
}

export async function listJobs(
  db: Db,
  orgId: string,
  filter: JobFilter,
  page: PageRequest,
): Promise<Page<Job>> {
  let query = db.selectFrom('jobs').selectAll().where('org_id', '=', orgId)
  if (filter.q?.trim()) query = query.where(lowerLikeExpression('jobs.title', filter.q.trim()))
  if (filter.companyId) query = query.where('company_id', '=', filter.companyId)
  if (filter.externalId) query = query.where('external_id', '=', filter.externalId)
  if (filter.status) query = query.where('status', '=', filter.status)
  if (page.after) query = query.where(olderThan('jobs', page.after))
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, rowToJob)
}

export async function insertJobs(db: Db, rows: readonly JobRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('jobs')
      .values(rows.slice(i, i + 500))
      .execute()
  }
}

export async function updateJob(
  db: Db,
  orgId: string,
  id: string,
  patch: Partial<Omit<JobRow, 'id' | 'org_id' | 'created_at'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return
  await db.updateTable('jobs').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute()
}

export async function deleteJob(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('jobs')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export async function countJobPlacements(db: Db, orgId: string, jobId: string): Promise<number> {
  const row = await db
    .selectFrom('placements')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('org_id', '=', orgId)
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Keeps the roles whose person is set and not deleted, in the order given. */
export async function liveRecipients(
  db: Db,
  orgId: string,
  named: readonly { personId: string | null; role: RecipientRole }[],
): Promise<RecordRecipient[]> {
  const ids = named.flatMap((n) => (n.personId ? [n.personId] : []))
  const live = await findLivePersonIds(db, orgId, ids)
  return named.flatMap((n) =>
    n.personId && live.has(n.personId) ? [{ personId: n.personId, role: n.role }] : [],
  )
}

/**
 * The people a job names (main contact, line manager) who are not deleted; a person holding both
 * roles appears once per role. Undefined when the job is not one of `orgId`'s.
 */
export async function findJobRecipients(
  db: Db,
  orgId: string,
  jobId: string,
): Promise<RecordRecipient[] | undefined> {
  const job = await findJobById(db, orgId, jobId)
  if (!job) return undefined
  return liveRecipients(db, orgId, [
    { personId: job.mainContactId, role: 'main_contact' },
    { personId: job.lineManagerId, role: 'line_manager' },
  ])
}

/** A person a job or placement names, with their record, once per part they play. */
export interface NamedPerson {
  role: RecipientRole
  /** The placement that names an applicant; null for a contact. */
  placementId: string | null
  person: Person
}

/** Each named person with their record, in the order given; unset and deleted people are left out. */
export async function withPeople(
  db: Db,
  orgId: string,
  named: readonly { personId: string | null; role: RecipientRole; placementId: string | null }[],
): Promise<NamedPerson[]> {
  const people = await findPeopleByIds(
    db,
    orgId,
    named.flatMap((n) => (n.personId ? [n.personId] : [])),
  )
  return named.flatMap((n) => {
    const person = n.personId ? people.get(n.personId) : undefined
    return person ? [{ role: n.role, placementId: n.placementId, person }] : []
  })
}

/**
 * Everyone a job names: its main contact and line manager, then the applicant of each of its
 * placements, newest placement first. Undefined when the job is not one of `orgId`'s.
 */
export async function findJobPeople(
  db: Db,
  orgId: string,
  jobId: string,
): Promise<NamedPerson[] | undefined> {
  const job = await findJobById(db, orgId, jobId)
  if (!job) return undefined
  const placements = await db
    .selectFrom('placements')
    .select(['id', 'applicant_id'])
    .where('org_id', '=', orgId)
    .where('job_id', '=', jobId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return withPeople(db, orgId, [
    { personId: job.mainContactId, role: 'main_contact', placementId: null },
    { personId: job.lineManagerId, role: 'line_manager', placementId: null },
    ...placements.map((p) => ({ personId: p.applicant_id, role: 'applicant' as const, placementId: p.id })),
  ])
}
