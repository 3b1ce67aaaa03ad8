import { sql } from 'kysely'
import type { Db } from '../db/database'

export async function insertSession(
  db: Db,
  row: { id: string; orgId: string; userId: string; csrfToken: string; expiresAt: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: row.id,
      org_id: row.orgId,
      user_id: row.userId,
      csrf_token: row.csrfToken,
      expires_at: row.expiresAt,
      created_at: row.createdAt,
    })
    .execute()
}

export async function findLiveSession(db: Db, id: string, now: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.org_id', 'sessions.user_id', 'sessions.csrf_token'])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst()
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute()
}

export async function insertApiKey(
  db: Db,
  row: {
    id: string
    orgId: string
    userId: string
    name: string
    prefix: string
    keyHash: string
    createdAt: string
  },
): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({
      id: row.id,
      org_id: row.orgId,
      user_id: row.userId,
      name: row.name,
      prefix: row.prefix,
      key_hash: row.keyHash,
      created_at: row.createdAt,
    })
    .execute()
}

export async function findActiveApiKeyByHash(db: Db, keyHash: string) {
  return db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select(['api_keys.id', 'api_keys.org_id', 'api_keys.user_id', 'api_keys.last_used_at'])
    .where('api_keys.key_hash', '=', keyHash)
    .where('api_keys.revoked_at', 'is', null)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst()
}

export async function touchApiKey(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute()
}

export async function listApiKeys(db: Db, orgId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'user_id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .execute()
}

export async function revokeApiKey(db: Db, orgId: string, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Counts one sign-in attempt of `key` in the window starting at `windowStartMs`; returns the count so far. */
export async function recordLoginAttempt(db: Db, windowStartMs: number, key: string): Promise<number> {
  const row = await db
    .insertInto('login_attempts')
    .values({ window_start_ms: windowStartMs, key, count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['window_start_ms', 'key'])
        .doUpdateSet({ count: sql`${sql.ref('login_attempts.count')} + 1` }),
    )
    .returning('count')
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Forgets the attempts of windows that started before `windowStartMs`. */
export async function deleteLoginAttemptsBefore(db: Db, windowStartMs: number): Promise<number> {
  const result = await db
    .deleteFrom('login_attempts')
    .where('window_start_ms', '<', windowStartMs)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
