import type { Kysely } from 'kysely'
import { columns as c } from '../columns'

/**
 * A received text that held characters no text column may hold (NUL, a lone UTF-16 surrogate) is
 * stored cleaned rather than refused, since a candidate's reply must never be lost for a byte; this
 * flag says so on the message, and on its receipt until it is stored.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['messages', 'inbound_receipts']) {
    await db.schema
      .alterTable(table)
      .addColumn('body_cleaned', c.flag, (col) => col.notNull().defaultTo(0))
      .execute()
  }
}
