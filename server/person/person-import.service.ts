import type { ImportReport } from '../../common/api/people'
import { nowIso } from '../clock'
import { insertCompanies, listCompanyNames } from '../company/company.repository'
import type { CompanyRow } from '../company/company.table'
import { searchTextOf } from '../core/record-fields'
import type { Db } from '../db/database'
import { errors, withDetails } from '../errors'
import { newId } from '../ids'
import { getOrganization } from '../organization/organization.service'
import type { RecordDeps } from '../service-deps'
import { displayNameOf, findPeopleByMobiles, insertPeople, type PersonValues } from './person.repository'
import { companyKeyOf, type ImportRow, parsePeopleCsv, type RejectedRow } from './person-import'

export interface ImportOptions {
  /** Import the valid rows and report the bad ones; otherwise one bad row stops the whole import. */
  skipInvalid?: boolean
  /** Called once the file is read and checked, before the rows are written. */
  onParsed?: (counts: { valid: number; rejected: number }) => void
}

/** Rows whose mobile already belongs to someone in the organization would create a duplicate person. */
async function rejectKnownMobiles(db: Db, orgId: string, rows: ImportRow[], rejected: RejectedRow[]) {
  const mobiles = rows.flatMap((row) => (row.mobile ? [row.mobile] : []))
  const existing = await findPeopleByMobiles(db, orgId, mobiles)
  if (existing.size === 0) return rows
  const kept: ImportRow[] = []
  for (const row of rows) {
    const owner = row.mobile ? existing.get(row.mobile) : undefined
    if (!owner) kept.push(row)
    else {
      rejected.push({
        line: row.line,
        reasons: [`mobile ${row.mobile} already belongs to ${displayNameOf(owner)} (${owner.id})`],
      })
    }
  }
  return kept
}

/** Companies named in the file, matched by name and created when missing, inside the import's transaction. */
async function resolveCompanies(db: Db, orgId: string, rows: ImportRow[], now: string) {
  const ids = new Map<string, string>()
  for (const company of await listCompanyNames(db, orgId)) {
    const key = companyKeyOf(company.name)
    if (!ids.has(key)) ids.set(key, company.id)
  }
  const created: CompanyRow[] = []
  for (const row of rows) {
    if (!row.companyName) continue
    const key = companyKeyOf(row.companyName)
    if (ids.has(key)) continue
    const company = {
      id: newId(),
      org_id: orgId,
      name: row.companyName,
      phone: null,
      website: null,
      external_id: null,
      created_at: now,
      updated_at: now,
    }
    ids.set(key, company.id)
    created.push(company)
  }
  await insertCompanies(db, created)
  return { ids, created: created.length }
}

function toValues(orgId: string, row: ImportRow, companyId: string | null, now: string): PersonValues {
  return {
    id: newId(),
    org_id: orgId,
    kind: row.kind,
    first_name: row.firstName,
    last_name: row.lastName,
    mobile_e164: row.mobile,
    email: row.email,
    company_id: companyId,
    job_title: row.jobTitle,
    tags: row.tags,
    time_zone: row.timeZone,
    custom_fields: row.customFields,
    search_text: searchTextOf(row.firstName, row.lastName, row.email),
    created_at: now,
    updated_at: now,
    deleted_at: null,
  }
}

/**
 * Imports a people CSV into `orgId` all-or-nothing: every valid row goes in one transaction, and by
 * default one bad row means nothing is written (IMPORT_ROWS_INVALID carries the full report).
 */
export async function importPeople(
  deps: RecordDeps,
  orgId: string,
  source: string | AsyncIterable<Buffer | string>,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const org = await getOrganization(deps.db, orgId)
  const parsed = await parsePeopleCsv(source, { defaultCountry: org.settings.defaultCountry })
  const rejected = [...parsed.rejected]
  const rows = await rejectKnownMobiles(deps.db, orgId, parsed.rows, rejected)
  rejected.sort((a, b) => a.line - b.line)
  options.onParsed?.({ valid: rows.length, rejected: rejected.length })
  if (rejected.length > 0 && !options.skipInvalid) {
    const message =
      `${rejected.length} of ${parsed.total} row(s) are invalid, so nothing was imported; ` +
      'fix them, or import with skipInvalid to import the valid rows only'
    throw withDetails(new errors.IMPORT_ROWS_INVALID(message), { imported: 0, companiesCreated: 0, rejected })
  }
  const now = nowIso(deps.clock)
  const write = async (db: Db) => {
    const companies = await resolveCompanies(db, orgId, rows, now)
    const values = rows.map((row) =>
      toValues(
        orgId,
        row,
        row.companyName ? (companies.ids.get(companyKeyOf(row.companyName)) ?? null) : null,
        now,
      ),
    )
    await insertPeople(db, values)
    return companies.created
  }
  const companiesCreated = deps.db.isTransaction
    ? await write(deps.db)
    : await deps.db.transaction().execute(write)
  return { imported: rows.length, companiesCreated, rejected }
}
