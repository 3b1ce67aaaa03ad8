import type { Selectable } from 'kysely'

export interface PlacementsTable {
  id: string
  org_id: string
  job_id: string
  applicant_id: string
  main_contact_id: string | null
  line_manager_id: string | null
  /** Calendar date `YYYY-MM-DD`, no time zone. */
  start_date: string | null
  /** Its id in the organization's ATS; unique per organization. */
  external_id: string | null
  created_at: string
}
export type PlacementRow = Selectable<PlacementsTable>
