import type { Static } from 'typebox'
import type { CreateGroupBody, ListGroupsQuery } from '../../common/api/groups'
import { nowIso } from '../clock'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { newId } from '../ids'
import { type Page, pageRequest } from '../pagination'
import { findLivePersonIds, listPeople, type Person } from '../person/person.repository'
import type { RecordDeps } from '../service-deps'
import {
  addGroupMembers,
  deleteGroup,
  findGroupById,
  type Group,
  insertGroups,
  listGroups,
  removeGroupMember,
  renameGroup,
} from './group.repository'

export async function requireGroup(db: Db, orgId: string, id: string): Promise<Group> {
  const group = await findGroupById(db, orgId, id)
  if (!group) throw new errors.GROUP_NOT_FOUND(id)
  return group
}

function nameOf(name: string): string {
  const text = name.trim()
  if (text === '') throw new errors.REQUEST_INVALID('body/name is blank')
  return text
}

export async function createGroup(deps: RecordDeps, orgId: string, input: CreateGroupBody): Promise<Group> {
  const row = { id: newId(), org_id: orgId, name: nameOf(input.name), created_at: nowIso(deps.clock) }
  await insertGroups(deps.db, [row])
  return requireGroup(deps.db, orgId, row.id)
}

export async function changeGroup(deps: RecordDeps, orgId: string, id: string, input: CreateGroupBody) {
  await requireGroup(deps.db, orgId, id)
  await renameGroup(deps.db, orgId, id, nameOf(input.name))
  return requireGroup(deps.db, orgId, id)
}

export async function removeGroup(deps: RecordDeps, orgId: string, id: string): Promise<void> {
  if (!(await deleteGroup(deps.db, orgId, id))) throw new errors.GROUP_NOT_FOUND(id)
}

/** All or none: one id that is not a live person of the organization adds nobody. */
export async function addMembers(
  deps: RecordDeps,
  orgId: string,
  groupId: string,
  personIds: readonly string[],
) {
  await requireGroup(deps.db, orgId, groupId)
  const live = await findLivePersonIds(deps.db, orgId, personIds)
  const missing = personIds.find((id) => !live.has(id))
  if (missing !== undefined) throw new errors.PERSON_NOT_FOUND(missing)
  const added = await addGroupMembers(deps.db, groupId, personIds, nowIso(deps.clock))
  const group = await requireGroup(deps.db, orgId, groupId)
  return { added, memberCount: group.memberCount }
}

export async function removeMember(deps: RecordDeps, orgId: string, groupId: string, personId: string) {
  await requireGroup(deps.db, orgId, groupId)
  if (!(await removeGroupMember(deps.db, groupId, personId))) {
    throw new errors.GROUP_MEMBER_NOT_FOUND(personId, groupId)
  }
}

/** One page of the groups of `orgId`, newest first, narrowed by part of the name. */
export async function searchGroups(
  db: Db,
  orgId: string,
  query: Static<typeof ListGroupsQuery>,
): Promise<Page<Group>> {
  const { cursor, limit, q } = query
  return listGroups(db, orgId, { q }, pageRequest({ cursor, limit }))
}

/** One page of the people in a group of `orgId`, newest first; GROUP_NOT_FOUND unless it exists. */
export async function listGroupMembers(
  db: Db,
  orgId: string,
  groupId: string,
  query: { cursor?: string; limit?: number },
): Promise<Page<Person>> {
  const group = await requireGroup(db, orgId, groupId)
  return listPeople(db, orgId, { groupId: group.id }, pageRequest(query))
}
