import { lowerLikeExpression, olderThan } from '../db/cursor'
import type { Db } from '../db/database'
import { type Page, type PageRequest, pageOf } from '../pagination'
import type { CompanyRow } from './company.table'

export interface Company {
  id: string
  orgId: string
  name: string
  phone: string | null
  website: string | null
  externalId: string | null
  createdAt: string
  updatedAt: string
}

export function rowToCompany(row: CompanyRow): Company {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    phone: row.phone,
    website: row.website,
    externalId: row.external_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export async function findCompanyById(db: Db, orgId: string, id: string): Promise<Company | undefined> {
  const row = await db
    .selectFrom('companies')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? rowToCompany(row) : undefined
}

export async function listCompanies(
  db: Db,
  orgId: string,
  filter: { q?: string | undefined; externalId?: string | undefined },
  page: PageRequest,
): Promise<Page<Company>> {
  let query = db.selectFrom('companies').selectAll().where('org_id', '=', orgId)
  if (filter.q?.trim()) query = query.where(lowerLikeExpression('companies.name', filter.q.trim()))
  if (filter.externalId) query = query.where('external_id', '=', filter.externalId)
  if (page.after) query = query.where(olderThan('companies', page.after))
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, rowToCompany)
}

/** Every company of the organization as (id, name): the CSV import matches names in memory. */
export async function listCompanyNames(db: Db, orgId: string): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('companies').select(['id', 'name']).where('org_id', '=', orgId).execute()
}

export async function insertCompanies(db: Db, rows: readonly CompanyRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('companies')
      .values(rows.slice(i, i + 500))
      .execute()
  }
}

export async function updateCompany(
  db: Db,
  orgId: string,
  id: string,
  patch: Partial<Pick<CompanyRow, 'name' | 'phone' | 'website' | 'external_id' | 'updated_at'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('companies')
    .set(patch)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** People and jobs of the company keep existing, without a company (the foreign keys set null). */
export async function deleteCompany(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('companies')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
