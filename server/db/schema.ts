import type { ApiKeysTable, SessionsTable } from '../auth/auth.table'
import type { OfficesTable, OrganizationsTable, TeamsTable } from '../organization/organization.table'
import type { UsersTable } from '../user/user.table'

/** The whole database, composed from each noun's `*.table.ts`. */
export interface Database {
  organizations: OrganizationsTable
  offices: OfficesTable
  teams: TeamsTable
  users: UsersTable
  sessions: SessionsTable
  api_keys: ApiKeysTable
}
