import type { Static } from 'typebox'
import type { CreateCompanyBody, ListCompaniesQuery, UpdateCompanyBody } from '../../common/api/companies'
import { nowIso } from '../clock'
import { toE164 } from '../core/phone'
import { blankToNull } from '../core/record-fields'
import type { Db } from '../db/database'
import { isUniqueViolation } from '../db/unique-violation'
import { errors } from '../errors'
import { newId } from '../ids'
import { getOrganization } from '../organization/organization.service'
import { type Page, pageRequest } from '../pagination'
import { externalIdChecked, externalIdIndexOf, sameExternalId } from '../records/external-id'
import { findIdByExternalId } from '../records/external-id.repository'
import { upsertByExternalId } from '../records/upsert-by-external-id'
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
    external_id: input.externalId ?? null,
    created_at: now,
    updated_at: now,
  }
  if (row.name === '') throw new errors.REQUEST_INVALID('body/name is blank')
  await takenAsConflict(input.externalId, () => insertCompanies(deps.db, [row]))
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
  const changes = {
    ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
    ...(patch.phone !== undefined ? { phone: await phoneFor(deps.db, orgId, patch.phone) } : {}),
    ...(patch.website !== undefined ? { website: blankToNull(patch.website) } : {}),
    ...(patch.externalId !== undefined ? { external_id: patch.externalId } : {}),
    updated_at: nowIso(deps.clock),
  }
  await takenAsConflict(patch.externalId, () => updateCompany(deps.db, orgId, id, changes))
  return requireCompany(deps.db, orgId, id)
}

const takenAsConflict = <T>(externalId: string | null | undefined, write: () => Promise<T>) =>
  externalIdChecked({ kind: 'company', table: 'companies', externalId }, write)

/** Creates (a name is then required) or changes the company with this external id. */
export async function upsertCompanyByExternalId(
  deps: RecordDeps,
  orgId: string,
  externalId: string,
  input: UpdateCompanyBody,
): Promise<{ record: Company; created: boolean }> {
  sameExternalId(input.externalId, externalId, 'companies')
  return upsertByExternalId({
    find: () => findIdByExternalId(deps.db, 'companies', orgId, externalId),
    create: () => {
      if (input.name === undefined)
        throw new errors.REQUEST_INVALID('body/name is required to create a company')
      return createCompany(deps, orgId, { ...input, name: input.name, externalId })
    },
    change: (id) => changeCompany(deps, orgId, id, input),
    isTaken: (error) => isUniqueViolation(error, externalIdIndexOf('companies')),
  })
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
  const { cursor, limit, q, externalId } = query
  return listCompanies(db, orgId, { q, externalId }, pageRequest({ cursor, limit }))
}
