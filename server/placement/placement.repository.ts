import { foldText } from '../core/record-fields'
import { likeExpression, lowerLikeExpression, olderThan } from '../db/cursor'
import type { Db } from '../db/database'
import { liveRecipients, type NamedPerson, type RecordRecipient, withPeople } from '../job/job.repository'
import { type Page, type PageRequest, pageOf } from '../pagination'
import type { PlacementRow } from './placement.table'

export interface Placement {
  id: string
  orgId: string
  jobId: string
  applicantId: string
  mainContactId: string | null
  lineManagerId: string | null
  startDate: string | null
  externalId: string | null
  createdAt: string
}

export function rowToPlacement(row: PlacementRow): Placement {
  return {
    id: row.id,
    orgId: row.org_id,
    jobId: row.job_id,
    applicantId: row.applicant_id,
    mainContactId: row.main_contact_id,
    lineManagerId: row.line_manager_id,
    startDate: row.start_date,
    externalId: row.external_id,
    createdAt: row.created_at,
  }
}

export async function findPlacementById(db: Db, orgId: string, id: string): Promise<Placement | undefined> {
  const row = await db
    .selectFrom('placements')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? rowToPlacement(row) : undefined
}

export interface PlacementFilter {
  externalId?: string | undefined
  /** Part of the job title or of the applicant's name. */
  q?: string | undefined
  jobId?: string | undefined
  applicantId?: string | undefined
}

export async function listPlacements(
  db: Db,
  orgId: string,
  filter: PlacementFilter,
  page: PageRequest,
): Promise<Page<Placement>> {
  let query = db.selectFrom('placements').selectAll('placements').where('placements.org_id', '=', orgId)
  if (filter.jobId) query = query.where('placements.job_id', '=', filter.jobId)
  if (filter.externalId) query = query.where('placements.external_id', '=', filter.externalId)
  if (filter.applicantId) query = query.where('placements.applicant_id', '=', filter.applicantId)
  const q = filter.q?.trim()
  if (q) {
    query = query.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('jobs')
            .select('jobs.id')
            .whereRef('jobs.id', '=', 'placements.job_id')
            .where(lowerLikeExpression('jobs.title', q)),
        ),
        eb.exists(
          eb
            .selectFrom('people')
            .select('people.id')
            .whereRef('people.id', '=', 'placements.applicant_id')
            .where(likeExpression('people.search_text', foldText(q))),
        ),
      ]),
    )
  }
  if (page.after) query = query.where(olderThan('placements', page.after))
  const rows = await query
    .orderBy('placements.created_at', 'desc')
    .orderBy('placements.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, rowToPlacement)
}

export async function insertPlacements(db: Db, rows: readonly PlacementRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('placements')
      .values(rows.slice(i, i + 500))
      .execute()
  }
}

export async function updatePlacement(
  db: Db,
  orgId: string,
  id: string,
  patch: Partial<Omit<PlacementRow, 'id' | 'org_id' | 'job_id' | 'created_at'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return
  await db.updateTable('placements').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute()
}

export async function deletePlacement(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('placements')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/**
 * The people a placement names (applicant, main contact, line manager) who are not deleted.
 * Undefined when the placement is not one of `orgId`'s.
 */
export async function findPlacementRecipients(
  db: Db,
  orgId: string,
  placementId: string,
): Promise<RecordRecipient[] | undefined> {
  const placement = await findPlacementById(db, orgId, placementId)
  if (!placement) return undefined
  return liveRecipients(db, orgId, [
    { personId: placement.applicantId, role: 'applicant' },
    { personId: placement.mainContactId, role: 'main_contact' },
    { personId: placement.lineManagerId, role: 'line_manager' },
  ])
}

/** The placement's applicant, main contact and line manager with their records; undefined when not `orgId`'s. */
export async function findPlacementPeople(
  db: Db,
  orgId: string,
  placementId: string,
): Promise<NamedPerson[] | undefined> {
  const placement = await findPlacementById(db, orgId, placementId)
  if (!placement) return undefined
  return withPeople(db, orgId, [
    { personId: placement.applicantId, role: 'applicant', placementId: placement.id },
    { personId: placement.mainContactId, role: 'main_contact', placementId: null },
    { personId: placement.lineManagerId, role: 'line_manager', placementId: null },
  ])
}
