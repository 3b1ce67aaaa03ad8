import type { Static } from 'typebox'
import {
  type CheckTemplateReply,
  SMS_BLOCKED_BY_DEFAULT,
  type TemplateCategory,
  type TemplateDocument,
  type TemplateDto,
} from '../../common/api/templates'
import { nowIso } from '../clock'
import type { Db } from '../db/database'
import { errors, withDetails } from '../errors'
import { newId } from '../ids'
import type { RecordDeps } from '../service-deps'
import {
  deleteTemplateRow,
  findTemplateIdByName,
  findTemplateRow,
  insertTemplate,
  listTemplateRows,
  updateTemplateRow,
} from './template.repository'
import type { TemplateRow } from './template.table'
import { compileDocumentOrThrow, documentOf } from './template-document'
import {
  type CompiledTemplate,
  compileTemplate,
  describeProblem,
  TemplateCompileError,
} from './template-engine'

export interface TemplateActor {
  orgId: string
  userId: string | null
  /** Only someone who manages settings may let a rejection go by SMS. */
  canManageSettings: boolean
}

/** Compiles or throws TEMPLATE_INVALID naming every problem and its line and column. */
export function compileOrThrow(body: string): CompiledTemplate {
  try {
    return compileTemplate(body)
  } catch (error) {
    if (!(error instanceof TemplateCompileError)) throw error
    throw withDetails(new errors.TEMPLATE_INVALID(error.problems.map(describeProblem).join('; ')), {
      problems: error.problems,
    })
  }
}

function toDto(row: TemplateRow, compiled?: CompiledTemplate): TemplateDto {
  let fields: string[] = []
  try {
    fields = [...(compiled ?? compileTemplate(row.body)).fields]
  } catch {
    // Saved texts were checked when saved; an engine upgrade could still refuse one, which send reports.
  }
  return {
    id: row.id,
    name: row.name,
    category: row.category as TemplateCategory,
    body: row.body,
    smsAllowed: row.sms_allowed === 1,
    fields,
    document: documentOf(row),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function checkSmsFlag(actor: TemplateActor, category: TemplateCategory, smsAllowed: boolean): void {
  if (smsAllowed && SMS_BLOCKED_BY_DEFAULT.includes(category) && !actor.canManageSettings) {
    throw new errors.PERMISSION_DENIED('settings.manage')
  }
}

async function checkNameFree(db: Db, orgId: string, name: string, exceptId?: string): Promise<void> {
  const existing = await findTemplateIdByName(db, orgId, name)
  if (existing && existing !== exceptId) throw new errors.TEMPLATE_NAME_TAKEN(name)
}

export async function createTemplate(
  deps: RecordDeps,
  actor: TemplateActor,
  input: {
    name: string
    category?: TemplateCategory | undefined
    body: string
    smsAllowed?: boolean | undefined
    document?: TemplateDocument | null | undefined
  },
): Promise<TemplateDto> {
  const category = input.category ?? 'general'
  const smsAllowed = input.smsAllowed ?? !SMS_BLOCKED_BY_DEFAULT.includes(category)
  checkSmsFlag(actor, category, smsAllowed)
  const compiled = compileOrThrow(input.body)
  if (input.document) compileDocumentOrThrow(input.document)
  const name = input.name.trim()
  await checkNameFree(deps.db, actor.orgId, name)
  const at = nowIso(deps.clock)
  const row: TemplateRow = {
    id: newId(),
    org_id: actor.orgId,
    name,
    category,
    body: input.body,
    sms_allowed: smsAllowed ? 1 : 0,
    document_title: input.document?.title ?? null,
    document_body: input.document?.body ?? null,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  }
  await insertTemplate(deps.db, row)
  return toDto(row, compiled)
}

export async function requireTemplateRow(db: Db, orgId: string, id: string): Promise<TemplateRow> {
  const row = await findTemplateRow(db, orgId, id)
  if (!row) throw new errors.TEMPLATE_NOT_FOUND(id)
  return row
}

export async function getTemplate(db: Db, orgId: string, id: string): Promise<TemplateDto> {
  return toDto(await requireTemplateRow(db, orgId, id))
}

export async function listTemplates(
  db: Db,
  orgId: string,
  filter: { category?: string | undefined; smsOnly?: boolean | undefined },
): Promise<TemplateDto[]> {
  return (await listTemplateRows(db, orgId, filter)).map((row) => toDto(row))
}

export async function changeTemplate(
  deps: RecordDeps,
  actor: TemplateActor,
  id: string,
  patch: {
    name?: string | undefined
    category?: TemplateCategory | undefined
    body?: string | undefined
    smsAllowed?: boolean | undefined
    /** null removes the document part; undefined keeps it. */
    document?: TemplateDocument | null | undefined
  },
): Promise<TemplateDto> {
  const row = await requireTemplateRow(deps.db, actor.orgId, id)
  const category = patch.category ?? (row.category as TemplateCategory)
  // Moving a text into a blocked category blocks it unless the flag is given explicitly.
  const categoryBlocked = patch.category !== undefined && SMS_BLOCKED_BY_DEFAULT.includes(patch.category)
  const smsAllowed = patch.smsAllowed ?? (categoryBlocked ? false : row.sms_allowed === 1)
  checkSmsFlag(actor, category, smsAllowed)
  const compiled = patch.body !== undefined ? compileOrThrow(patch.body) : undefined
  if (patch.document) compileDocumentOrThrow(patch.document)
  const name = patch.name?.trim()
  if (name !== undefined) await checkNameFree(deps.db, actor.orgId, name, id)
  const next: TemplateRow = {
    ...row,
    ...(name !== undefined ? { name } : {}),
    ...(patch.body !== undefined ? { body: patch.body } : {}),
    ...(patch.document !== undefined
      ? { document_title: patch.document?.title ?? null, document_body: patch.document?.body ?? null }
      : {}),
    category,
    sms_allowed: smsAllowed ? 1 : 0,
    updated_at: nowIso(deps.clock),
  }
  await updateTemplateRow(deps.db, actor.orgId, id, {
    name: next.name,
    category: next.category,
    body: next.body,
    sms_allowed: next.sms_allowed,
    document_title: next.document_title,
    document_body: next.document_body,
    updated_at: next.updated_at,
  })
  return toDto(next, compiled)
}

export async function deleteTemplate(db: Db, orgId: string, id: string): Promise<void> {
  if (!(await deleteTemplateRow(db, orgId, id))) throw new errors.TEMPLATE_NOT_FOUND(id)
}

/** A saved template that may go by SMS, compiled; TEMPLATE_NOT_FOR_SMS for a rejection and the like. */
export async function requireSmsTemplate(
  db: Db,
  orgId: string,
  id: string,
): Promise<{ row: TemplateRow; compiled: CompiledTemplate }> {
  const row = await requireTemplateRow(db, orgId, id)
  if (row.sms_allowed !== 1) throw new errors.TEMPLATE_NOT_FOR_SMS(row.name, row.category.replace(/_/g, ' '))
  return { row, compiled: compileOrThrow(row.body) }
}

/** Checks a text without saving it: the fields it uses, or every problem with its position. */
export function checkTemplateText(body: string): Static<typeof CheckTemplateReply> {
  try {
    const compiled = compileTemplate(body)
    return { valid: true, fields: [...compiled.fields], problems: [] }
  } catch (error) {
    if (error instanceof TemplateCompileError) return { valid: false, fields: [], problems: error.problems }
    throw error
  }
}
