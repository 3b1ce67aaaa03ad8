import type { Kysely } from 'kysely'
import { columns as c } from '../columns'

/**
 * A template may carry a document part (title and Liquid body) that Parley renders per recipient
 * to a PDF and sends as that recipient's download link. Both null when the template has none.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('templates').addColumn('document_title', c.text).execute()
  await db.schema.alterTable('templates').addColumn('document_body', c.text).execute()
}
