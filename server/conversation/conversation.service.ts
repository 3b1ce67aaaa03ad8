import { nowIso } from '../clock'
import type { Db } from '../db/database'
import { errors } from '../errors'
import type { ServiceDeps } from '../service-deps'
import {
  addConversationUser,
  findConversationRow,
  listConversationUsers,
  removeConversationUser,
} from './conversation.repository'

/** The conversation with its record card: the person, job title, company and contact details. */
export async function getConversation(db: Db, orgId: string, id: string) {
  const row = await findConversationRow(db, orgId, id)
  if (!row) throw new errors.CONVERSATION_NOT_FOUND(id)
  const people = await db
    .selectFrom('messages')
    .innerJoin('message_people', 'message_people.message_id', 'messages.id')
    .innerJoin('people', 'people.id', 'message_people.person_id')
    .leftJoin('companies', 'companies.id', 'people.company_id')
    .select([
      'people.id',
      'people.first_name',
      'people.last_name',
      'people.kind',
      'people.job_title',
      'people.email',
      'people.mobile_e164',
      'companies.name as company',
    ])
    .distinct()
    .where('messages.conversation_id', '=', id)
    .execute()
  const current = await db
    .selectFrom('people')
    .leftJoin('companies', 'companies.id', 'people.company_id')
    .select([
      'people.id',
      'people.first_name',
      'people.last_name',
      'people.kind',
      'people.job_title',
      'people.email',
      'people.mobile_e164',
      'companies.name as company',
    ])
    .where('people.org_id', '=', orgId)
    .where('people.mobile_e164', '=', row.phone_e164)
    .where('people.deleted_at', 'is', null)
    .execute()
  const byId = new Map([...people, ...current].map((p) => [p.id, p]))
  const users = await listConversationUsers(db, id)
  return {
    id: row.id,
    phone: row.phone_e164,
    unreadCount: row.unread_count,
    lastMessageAt: row.last_message_at,
    deletedAt: row.deleted_at,
    createdAt: row.created_at,
    /** More than one person shares this number: the UI flags it. */
    sharedNumber: byId.size > 1,
    people: [...byId.values()].map((p) => ({
      id: p.id,
      name: `${p.first_name} ${p.last_name}`.trim(),
      kind: p.kind,
      jobTitle: p.job_title,
      company: p.company,
      email: p.email,
      mobile: p.mobile_e164,
    })),
    users: users.map((u) => ({ userId: u.user_id, role: u.role })),
  }
}

export async function markConversationRead(deps: ServiceDeps, orgId: string, id: string): Promise<void> {
  const result = await deps.database.db
    .updateTable('conversations')
    .set({ unread_count: 0 })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) throw new errors.CONVERSATION_NOT_FOUND(id)
  deps.events.emit('conversation.updated', { orgId, conversationId: id })
}

export async function setConversationDeleted(deps: ServiceDeps, orgId: string, id: string, deleted: boolean) {
  const result = await deps.database.db
    .updateTable('conversations')
    .set({ deleted_at: deleted ? nowIso(deps.clock) : null })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) throw new errors.CONVERSATION_NOT_FOUND(id)
  deps.events.emit('conversation.updated', { orgId, conversationId: id })
}

/** Makes a user an incoming user of the conversation (told of replies), or stops it. */
export async function setIncomingUser(
  deps: ServiceDeps,
  orgId: string,
  input: { conversationId: string; userId: string; on: boolean },
): Promise<void> {
  const db = deps.database.db
  if (!(await findConversationRow(db, orgId, input.conversationId)))
    throw new errors.CONVERSATION_NOT_FOUND(input.conversationId)
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', input.userId)
    .executeTakeFirst()
  if (!user) throw new errors.USER_NOT_FOUND(input.userId)
  if (input.on) {
    await addConversationUser(db, { ...input, orgId, role: 'incoming', at: nowIso(deps.clock) })
  } else {
    await removeConversationUser(db, { ...input, role: 'incoming' })
  }
}
