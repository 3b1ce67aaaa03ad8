import type { Kysely } from 'kysely'

/**
 * A connection may have a second sender for texts sent with "repliable" off: a sender id (a name such
 * as AcmeJobs) that recipients see and cannot answer. Texts that take replies keep the reply number.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connections').addColumn('no_reply_sender', 'text').execute()
}
