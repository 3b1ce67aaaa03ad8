import type { OrgSettings } from '../core/org-settings'
import type { Db } from '../db/database'

/**
 * Who is told of a reply (seed 001): the users associated with the conversation; when none, everyone
 * who has texted these people; when the number is unknown too, the organization's admins (the shared
 * inbox). The team option then adds the members of those users' team 1, team 2 or both.
 */
export async function findReplyAudience(
  db: Db,
  input: { orgId: string; conversationId: string; personIds: readonly string[]; settings: OrgSettings },
): Promise<string[]> {
  const associated = await db
    .selectFrom('conversation_users')
    .select('user_id')
    .where('conversation_id', '=', input.conversationId)
    .execute()
  let users = associated.map((r) => r.user_id)
  if (users.length === 0 && input.personIds.length > 0) {
    const talked = await db
      .selectFrom('messages')
      .innerJoin('message_people', 'message_people.message_id', 'messages.id')
      .select('messages.sender_user_id')
      .distinct()
      .where('messages.org_id', '=', input.orgId)
      .where('message_people.person_id', 'in', [...input.personIds])
      .where('messages.sender_user_id', 'is not', null)
      .execute()
    users = talked.flatMap((r) => (r.sender_user_id ? [r.sender_user_id] : []))
  }
  if (users.length === 0) {
    const admins = await db
      .selectFrom('users')
      .select('id')
      .where('org_id', '=', input.orgId)
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .execute()
    users = admins.map((r) => r.id)
  }
  const mode = input.settings.teamNotificationMode
  if (mode !== 'none' && users.length > 0) {
    const members = await db
      .selectFrom('users')
      .select(['team1_id', 'team2_id'])
      .where('id', 'in', users)
      .execute()
    const teams = new Set<string>()
    for (const m of members) {
      if ((mode === 'team1' || mode === 'both') && m.team1_id) teams.add(m.team1_id)
      if ((mode === 'team2' || mode === 'both') && m.team2_id) teams.add(m.team2_id)
    }
    if (teams.size > 0) {
      const mates = await db
        .selectFrom('users')
        .select('id')
        .where('org_id', '=', input.orgId)
        .where('disabled_at', 'is', null)
        .where((eb) => eb.or([eb('team1_id', 'in', [...teams]), eb('team2_id', 'in', [...teams])]))
        .execute()
      users = users.concat(mates.map((r) => r.id))
    }
  }
  return [...new Set(users)]
}
