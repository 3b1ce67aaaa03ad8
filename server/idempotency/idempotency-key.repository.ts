import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export interface StoredAnswer {
  statusCode: number
  contentType: string | null
  body: string
}

/** Takes the key for a request; false when an earlier request of the organization holds it. */
export async function takeKey(
  db: Kysely<Database>,
  row: { orgId: string; key: string; fingerprint: string; request: string; now: string },
): Promise<boolean> {
  const result = await db
    .insertInto('idempotency_keys')
    .values({
      org_id: row.orgId,
      key: row.key,
      fingerprint: row.fingerprint,
      request: row.request,
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(['org_id', 'key']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
}

export async function findKey(db: Kysely<Database>, orgId: string, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .executeTakeFirst()
}

/** Stores the answer a retry with the key gets. */
export async function storeAnswer(
  db: Kysely<Database>,
  where: { orgId: string; key: string },
  answer: StoredAnswer & { now: string },
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({
      status_code: answer.statusCode,
      content_type: answer.contentType,
      body: answer.body,
      completed_at: answer.now,
    })
    .where('org_id', '=', where.orgId)
    .where('key', '=', where.key)
    .execute()
}

/** Gives the key back: the request changed nothing (it was refused or failed), so a retry may run. */
export async function releaseKey(db: Kysely<Database>, where: { orgId: string; key: string }): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('org_id', '=', where.orgId)
    .where('key', '=', where.key)
    .where('completed_at', 'is', null)
    .execute()
}

/** Forgets keys taken before `cutoff`; returns how many. */
export async function forgetKeysBefore(db: Kysely<Database>, cutoff: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst()
  return Number(result.numDeletedRows ?? 0)
}
