import type { Db } from '../db/database'

export async function insertOperatorToken(
  db: Db,
  row: { id: string; name: string; prefix: string; tokenHash: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('operator_tokens')
    .values({
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      token_hash: row.tokenHash,
      created_at: row.createdAt,
    })
    .execute()
}

export async function findActiveOperatorTokenByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('operator_tokens')
    .select(['id', 'name', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
}

export async function touchOperatorToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('operator_tokens').set({ last_used_at: at }).where('id', '=', id).execute()
}

export async function listOperatorTokens(db: Db) {
  return db
    .selectFrom('operator_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function revokeOperatorToken(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('operator_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
