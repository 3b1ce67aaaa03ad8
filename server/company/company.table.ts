import type { Selectable } from 'kysely'

export interface CompaniesTable {
  id: string
  org_id: string
  name: string
  phone: string | null
  website: string | null
  /** Its id in the organization's ATS; unique per organization. */
  external_id: string | null
  created_at: string
  updated_at: string
}
export type CompanyRow = Selectable<CompaniesTable>
