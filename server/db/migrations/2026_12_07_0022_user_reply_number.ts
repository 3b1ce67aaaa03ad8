import type { Kysely } from 'kysely'

/**
 * A user's own reply number (a recruiter whose candidates save their number), which their texts go
 * out from instead of their office's; null: the office's number, else routing.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('reply_number', 'text').execute()
}
