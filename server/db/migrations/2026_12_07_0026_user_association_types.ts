import type { Kysely } from 'kysely'

/**
 * A user's association types (seed 001): 1 in `association_incoming` when they are told of replies and
 * see a conversation's whole history; 1 in `association_outgoing` when they are associated by the
 * texts they send. A user with only the outgoing type sees only the texts they sent. Both default to 1.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('association_incoming', 'integer', (col) => col.notNull().defaultTo(1))
    .execute()
  await db.schema
    .alterTable('users')
    .addColumn('association_outgoing', 'integer', (col) => col.notNull().defaultTo(1))
    .execute()
}
