import { sql } from 'kysely'
import { lowerLikeExpression, olderThan } from '../db/cursor'
import type { Db } from '../db/database'
import { type Page, type PageRequest, pageOf } from '../pagination'
import type {
  AttachmentLinkRow,
  AttachmentLinksTable,
  AttachmentRow,
  AttachmentsTable,
  DocumentLinkRow,
} from './attachment.table'

export type AttachmentMeta = Omit<AttachmentRow, 'content'>

const META = [
  'id',
  'org_id',
  'file_name',
  'content_type',
  'size_bytes',
  'sha256',
  'uploaded_by',
  'created_at',
  'deleted_at',
] as const

export async function insertAttachment(db: Db, row: AttachmentsTable): Promise<void> {
  await db.insertInto('attachments').values(row).execute()
}

/** A live attachment's details, without its bytes. */
export async function findAttachmentMeta(
  db: Db,
  orgId: string,
  id: string,
): Promise<AttachmentMeta | undefined> {
  return db
    .selectFrom('attachments')
    .select(META)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
}

export async function findAttachmentContent(db: Db, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst()
}

/** One page of the live attachments of `orgId`, newest first; `q` is part of the file name. */
export async function listAttachmentMeta(
  db: Db,
  orgId: string,
  filter: { q?: string | undefined },
  page: PageRequest,
): Promise<Page<AttachmentMeta>> {
  let query = db
    .selectFrom('attachments')
    .select(META)
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
  const q = filter.q?.trim()
  if (q) query = query.where(lowerLikeExpression('attachments.file_name', q))
  if (page.after) query = query.where(olderThan('attachments', page.after))
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, (row) => row)
}

export async function softDeleteAttachment(db: Db, orgId: string, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('attachments')
    .set({ deleted_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function insertAttachmentLink(db: Db, row: AttachmentLinksTable): Promise<void> {
  await db.insertInto('attachment_links').values(row).execute()
}

export async function deleteAttachmentLink(db: Db, id: string): Promise<void> {
  await db.deleteFrom('attachment_links').where('id', '=', id).execute()
}

export async function findAttachmentLink(db: Db, id: string): Promise<AttachmentLinkRow | undefined> {
  return db.selectFrom('attachment_links').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findDocumentLink(db: Db, id: string): Promise<DocumentLinkRow | undefined> {
  return db.selectFrom('document_links').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function recordDocumentDownload(db: Db, id: string, at: string): Promise<void> {
  await db
    .updateTable('document_links')
    .set({ download_count: sql`download_count + 1`, last_downloaded_at: at })
    .where('id', '=', id)
    .execute()
}

export async function recordDownload(db: Db, id: string, at: string): Promise<void> {
  await db
    .updateTable('attachment_links')
    .set({ download_count: sql`download_count + 1`, last_downloaded_at: at })
    .where('id', '=', id)
    .execute()
}

export interface LinkSummary {
  links: number
  downloads: number
  opened: number
}

/** Downloads per attachment: links sent, total downloads, and links opened at least once. */
export async function summarizeLinks(
  db: Db,
  attachmentIds: readonly string[],
): Promise<Map<string, LinkSummary>> {
  const found = new Map<string, LinkSummary>()
  if (attachmentIds.length === 0) return found
  const rows = await db
    .selectFrom('attachment_links')
    .select((eb) => [
      'attachment_id',
      eb.fn.countAll<number>().as('links'),
      eb.fn.sum<number>('download_count').as('downloads'),
      eb.fn.count<number>('last_downloaded_at').as('opened'),
    ])
    .where('attachment_id', 'in', [...new Set(attachmentIds)])
    .groupBy('attachment_id')
    .execute()
  for (const row of rows) {
    found.set(row.attachment_id, {
      links: Number(row.links),
      downloads: Number(row.downloads ?? 0),
      opened: Number(row.opened),
    })
  }
  return found
}
