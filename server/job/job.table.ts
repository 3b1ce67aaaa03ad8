import type { Selectable } from 'kysely'

export interface JobsTable {
  id: string
  org_id: string
  title: string
  company_id: string | null
  main_contact_id: string | null
  line_manager_id: string | null
  status: string
  created_at: string
}
export type JobRow = Selectable<JobsTable>
