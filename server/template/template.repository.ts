import type { Db } from '../db/database'
import type { TemplateRow, TemplatesTable } from './template.table'

export async function insertTemplate(db: Db, row: TemplatesTable): Promise<void> {
  await db.insertInto('templates').values(row).execute()
}

export async function findTemplateRow(db: Db, orgId: string, id: string): Promise<TemplateRow | undefined> {
  return db
    .selectFrom('templates')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function findTemplateIdByName(db: Db, orgId: string, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('templates')
    .select('id')
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst()
  return row?.id
}

export async function listTemplateRows(
  db: Db,
  orgId: string,
  filter: { category?: string | undefined; smsOnly?: boolean | undefined },
): Promise<TemplateRow[]> {
  let query = db.selectFrom('templates').selectAll().where('org_id', '=', orgId)
  if (filter.category) query = query.where('category', '=', filter.category)
  if (filter.smsOnly) query = query.where('sms_allowed', '=', 1)
  return query.orderBy('name').orderBy('id').execute()
}

export async function updateTemplateRow(
  db: Db,
  orgId: string,
  id: string,
  patch: Partial<
    Pick<
      TemplatesTable,
      'name' | 'category' | 'body' | 'sms_allowed' | 'document_title' | 'document_body' | 'updated_at'
    >
  >,
): Promise<void> {
  await db.updateTable('templates').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute()
}

export async function deleteTemplateRow(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('templates')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
