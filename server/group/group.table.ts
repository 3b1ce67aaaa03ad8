import type { Selectable } from 'kysely'

export interface GroupsTable {
  id: string
  org_id: string
  name: string
  created_at: string
}
export type GroupRow = Selectable<GroupsTable>

export interface GroupMembersTable {
  group_id: string
  person_id: string
  added_at: string
}
