import type { Selectable } from 'kysely'

export interface JobsTable {
  id: string
  org_id: string
  title: string
  company_id: string | null
  main_contact_id: string | null
  line_manager_id: string | null
  status: string
  /** Its id in the organization's ATS; unique per organization. */
  external_id: string | null
  created_at: string
}
export type JobRow = Selectable<JobsTable>
