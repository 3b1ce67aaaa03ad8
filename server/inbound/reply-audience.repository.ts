import { sql } from 'kysely'
import type { Db } from '../db/database'
import { selectInChunks } from './sql-chunks.repository'

/** The queries behind `findReplyAudiences` (reply-audience.ts), each answering many replies at once. */

/**
 * The live users of each conversation (`kind` 'conversation', `owner` the conversation) and the live
 * admins of each organization (`kind` 'admin', `owner` the organization), in one query: the admins
 * are few, and reading them alongside saves a round trip whenever a number is unknown.
 */
export function findConversationUsersAndAdmins(
  db: Db,
  conversationIds: readonly string[],
  orgIds: readonly string[],
): Promise<{ kind: string; owner: string; user_id: string }[]> {
  return selectInChunks(conversationIds, (ids) =>
    db
      .selectFrom('conversation_users')
      .innerJoin('users', 'users.id', 'conversation_users.user_id')
      .select([
        sql<string>`'conversation'`.as('kind'),
        'conversation_users.conversation_id as owner',
        'user_id',
      ])
      .where('conversation_users.conversation_id', 'in', ids)
      // A disabled user is told nothing: with nobody else, the admins are. Nor is an outgoing-only
      // user (seed 001): replies are not theirs to see.
      .where('users.disabled_at', 'is', null)
      .where('users.association_incoming', '=', 1)
      .unionAll(
        db
          .selectFrom('users')
          .select([sql<string>`'admin'`.as('kind'), 'org_id as owner', 'id as user_id'])
          .where('org_id', 'in', [...orgIds])
          .where('role', '=', 'admin')
          .where('disabled_at', 'is', null)
          .where('association_incoming', '=', 1),
      )
      .execute(),
  )
}

/** Each live user who has texted these people, by person, in user order. */
export function findPastSenders(
  db: Db,
  personIds: readonly string[],
): Promise<{ person_id: string; sender_user_id: string | null }[]> {
  return selectInChunks(personIds, (ids) =>
    // From these people's links, each message looked up by its id: a join lets the planner start
    // from the messages side instead (every message of the organization, or every one with a
    // sender), which PostgreSQL does while its statistics lag behind a growing table. A person's
    // links all belong to the person's organization, so the organization needs no check.
    db
      .selectFrom((eb) =>
        eb
          .selectFrom('message_people')
          .select((sub) => [
            'message_people.person_id',
            sub
              .selectFrom('messages')
              .select('messages.sender_user_id')
              .whereRef('messages.id', '=', 'message_people.message_id')
              .as('sender_user_id'),
          ])
          .where('message_people.person_id', 'in', ids)
          .as('links'),
      )
      .innerJoin('users', 'users.id', 'links.sender_user_id')
      .select(['links.person_id', 'links.sender_user_id'])
      .distinct()
      .where('users.disabled_at', 'is', null)
      .where('users.association_incoming', '=', 1)
      .orderBy('links.sender_user_id')
      .execute(),
  )
}

/** The teams of these users. */
export function findUserTeams(
  db: Db,
  userIds: readonly string[],
): Promise<{ id: string; team1_id: string | null; team2_id: string | null }[]> {
  return selectInChunks(userIds, (ids) =>
    db.selectFrom('users').select(['id', 'team1_id', 'team2_id']).where('id', 'in', ids).execute(),
  )
}

/** The live users of these organizations in any of these teams (as team 1 or team 2), in id order. */
export function findTeamMembers(
  db: Db,
  orgIds: readonly string[],
  teamIds: readonly string[],
): Promise<{ id: string; org_id: string; team1_id: string | null; team2_id: string | null }[]> {
  return selectInChunks(teamIds, (teams) =>
    db
      .selectFrom('users')
      .select(['id', 'org_id', 'team1_id', 'team2_id'])
      .where('org_id', 'in', [...orgIds])
      .where('disabled_at', 'is', null)
      .where('association_incoming', '=', 1)
      .where((eb) => eb.or([eb('team1_id', 'in', teams), eb('team2_id', 'in', teams)]))
      .orderBy('id')
      .execute(),
  )
}
