import { type Kysely, sql } from 'kysely'

/**
 * One-to-one messages scheduled on Parley's side that a provider could hold instead (provider-side
 * scheduling): the dispatcher looks them up by connection and send time. Partial, so the index
 * holds only those few rows, not every message.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('messages_handover_idx')
    .on('messages')
    .columns(['connection_id', 'next_attempt_at'])
    .where(sql.ref('status'), '=', 'scheduled')
    .where(sql.ref('attempts'), '=', 0)
    .where(sql.ref('campaign_id'), 'is', null)
    .execute()
}
