import type { Selectable } from 'kysely'

export interface PeopleTable {
  id: string
  org_id: string
  kind: string
  first_name: string
  last_name: string
  mobile_e164: string | null
  email: string | null
  company_id: string | null
  job_title: string | null
  /** JSON array of strings: read with `readJson`. Mirrored in `person_tags` for filtering. */
  tags: unknown
  time_zone: string | null
  /** The person's id in the organization's ATS or CRM; unique among its live people. */
  external_id: string | null
  /** JSON object of string values: read with `readJson`. */
  custom_fields: unknown
  /** Derived from names and email by `searchTextOf`; never written by hand. */
  search_text: string
  created_at: string
  updated_at: string
  deleted_at: string | null
}
export type PersonRow = Selectable<PeopleTable>

export interface PersonTagsTable {
  person_id: string
  org_id: string
  /** The tag folded by `tagKeyOf`, so "Java" and "java " match. */
  tag_key: string
}
