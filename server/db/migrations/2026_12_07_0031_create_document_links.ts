import type { Kysely } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

/**
 * One mailshot recipient's merged document: its title and body as filled in at launch, set in a PDF
 * when the recipient opens the download link (so launch writes text, not thousands of PDFs).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const ts = c.timestamp(dialect)
  await db.schema
    .createTable('document_links')
    .addColumn('id', c.text, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('campaign_id', c.id, (col) => col.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('message_id', c.id)
    .addColumn('person_id', c.id)
    .addColumn('phone', c.text, (col) => col.notNull())
    .addColumn('title', c.text, (col) => col.notNull())
    .addColumn('body', c.text, (col) => col.notNull())
    .addColumn('expires_at', ts, (col) => col.notNull())
    .addColumn('download_count', c.integer, (col) => col.notNull().defaultTo(0))
    .addColumn('last_downloaded_at', ts)
    .addColumn('created_at', ts, (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('document_links_campaign_idx')
    .on('document_links')
    .column('campaign_id')
    .execute()
}
