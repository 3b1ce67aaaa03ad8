import type { Static } from 'typebox'
import type { CreateCompanyBody, ListCompaniesQuery, UpdateCompanyBody } from '../../common/api/companies'
import { nowIso } from '../clock'
import { toE164 } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { newId } from '../ids'
import { getOrganization } from '../organization/organization.service'
import { type Page, pageRequest } from '../pagination'
import { blankToNull } from '../person/person-fields'
import type { RecordDeps } from '../service-deps'
import {
  type Company,
  deleteCompany,
  findCompanyById,
  insertCompanies,
  listCompanies,
  rowToCompany,
  updateCompany,
} from './company.repository'

/** Throws COMPANY_NOT_FOUND unless `id` is a company of `orgId`. */
export async function requireCompany(db: Db, orgId: string, id: string): Promise<Company> {
  const company = await findCompanyById(db, orgId, id)
  if (!company) throw new errors.COMPANY_NOT_FOUND(id)
  return company
}

async function phoneFor(db: Db, orgId: string, phone: string | null | undefined) {
  const text = blankToNull(phone)
  if (text === null) return null
  const org = await getOrganization(db, orgId)
  const parsed = toE164(text, org.settings.defaultCountry)
  if ('reason' in parsed) throw new errors.PHONE_NUMBER_INVALID(`phone ${parsed.reason}`)
  return parsed.e164
}

export async function createCompany(
  deps: RecordDeps,
  orgId: string,
  input: CreateCompanyBody,
): Promise<Company> {
  const now = nowIso(deps.clock)
  const row = {
    id: newId(),
    org_id: orgId,
    name: input.name.trim(),
    phone: await phoneFor(deps.db, orgId, input.phone),
    website: blankToNull(input.website),
    created_at: now,
    updated_at: now,
  }
  if (row.name === '') throw new errors.REQUEST_INVALID('body/name is blank')
  await insertCompanies(deps.db, [row])
  return rowToCompany(row)
}

export async function changeCompany(
  deps: RecordDeps,
  orgId: string,
  id: string,
  patch: UpdateCompanyBody,
): Promise<Company> {
  await requireCompany(deps.db, orgId, id)
  if (patch.name !== undefined && patch.name.trim() === '')
    throw new errors.REQUEST_INVALID('body/name is blank')
  await updateCompany(deps.db, orgId, id, {
    ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
    ...(patch.phone !== undefined ? { phone: await phoneFor(deps.db, orgId, patch.phone) } : {}),
    ...(patch.website !== undefined ? { website: blankToNull(patch.website) } : {}),
    updated_at: nowIso(deps.clock),
  })
  return requireCompany(deps.db, orgId, id)
}

export async function removeCompany(deps: RecordDeps, orgId: string, id: string): Promise<void> {
  if (!(await deleteCompany(deps.db, orgId, id))) throw new errors.COMPANY_NOT_FOUND(id)
}

/** One page of the companies of `orgId`, newest first, narrowed by part of the name. */
export async function searchCompanies(
  db: Db,
  orgId: string,
  query: Static<typeof ListCompaniesQuery>,
): Promise<Page<Company>> {
  const { cursor, limit, q } = query
  return listCompanies(db, orgId, { q }, pageRequest({ cursor, limit }))
}
