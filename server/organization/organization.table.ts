import type { Selectable } from 'kysely'

export interface OrganizationsTable {
  id: string
  name: string
  /** JSON text on SQLite, jsonb on PostgreSQL: read with `readJson`. */
  settings: unknown
  created_at: string
}
export type OrganizationRow = Selectable<OrganizationsTable>

export interface OfficesTable {
  id: string
  org_id: string
  name: string
  reply_number: string | null
  created_at: string
}

export interface TeamsTable {
  id: string
  org_id: string
  name: string
  created_at: string
}
