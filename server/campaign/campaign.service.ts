import type {
  CampaignDto,
  CampaignSource,
  CreateCampaignBody,
  UpdateCampaignBody,
} from '../../common/api/campaigns'
import { findAttachmentMeta } from '../attachment/attachment.repository'
import { nowIso } from '../clock'
import { findConnection } from '../connection/connection.repository'
import { readJson } from '../db/columns'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { findGroupById } from '../group/group.repository'
import { newId } from '../ids'
import { findJobById } from '../job/job.repository'
import type { Sender } from '../outbound/send.service'
import type { Page, PageRequest } from '../pagination'
import { findLivePersonIds } from '../person/person.repository'
import type { ServiceDeps } from '../service-deps'
import {
  deleteDraftCampaign,
  findCampaignRow,
  insertCampaign,
  listCampaignRows,
  updateCampaignIf,
} from './campaign.repository'
import type { CampaignRow } from './campaign.table'
import { parseCampaignCsv } from './campaign-csv'
import type { PlanTotals } from './campaign-plan'
import { type CampaignSpec, checkSchedule, compileSpecText } from './campaign-prepare'
import { readProgress, statusOf } from './campaign-progress'

type StoredSourceJson = Exclude<CampaignSource, { type: 'csv' }> | { type: 'csv'; rows: number }

export async function requireCampaign(db: Db, orgId: string, id: string): Promise<CampaignRow> {
  const row = await findCampaignRow(db, orgId, id)
  if (!row) throw new errors.CAMPAIGN_NOT_FOUND(id)
  return row
}

export function storedSourceOf(row: CampaignRow): StoredSourceJson {
  return readJson<StoredSourceJson>(row.source, { type: 'people', personIds: [] })
}

export function campaignSpecOf(row: CampaignRow, senderUserId: string | null): CampaignSpec {
  const stored = storedSourceOf(row)
  return {
    orgId: row.org_id,
    source: stored.type === 'csv' ? { type: 'csv' } : stored,
    csvText: row.csv_text,
    templateId: row.status === 'draft' ? row.template_id : null,
    body: row.body,
    subject: row.subject,
    connectionId: row.connection_id,
    jobId: row.job_id,
    attachmentId: row.attachment_id,
    sendAt: row.send_at,
    senderUserId,
  }
}

export function describeSkips(totals: Pick<PlanTotals, 'skipped' | 'skippedByReason'>): string {
  if (totals.skipped === 0) return 'the list is empty'
  const parts = Object.entries(totals.skippedByReason).map(
    ([reason, n]) => `${n} ${reason.replace(/_/g, ' ')}`,
  )
  return `all ${totals.skipped} recipient(s) were skipped (${parts.join(', ')})`
}

/** A source as stored: a CSV is checked now and kept as text; chosen people and groups must exist. */
async function storeSource(db: Db, orgId: string, source: CampaignSource, csvText: string | null) {
  if (source.type === 'group' && !(await findGroupById(db, orgId, source.groupId))) {
    throw new errors.GROUP_NOT_FOUND(source.groupId)
  }
  if (source.type === 'recipients') {
    for (const groupId of source.groupIds ?? [])
      if (!(await findGroupById(db, orgId, groupId))) throw new errors.GROUP_NOT_FOUND(groupId)
    if (!source.personIds?.length && !source.groupIds?.length && !source.numbers?.length)
      throw new errors.REQUEST_INVALID('name at least one person, group or number')
  }
  if (source.type === 'people' || source.type === 'recipients') {
    const ids = source.personIds ?? []
    const live = await findLivePersonIds(db, orgId, ids)
    const missing = ids.find((id) => !live.has(id))
    if (missing) throw new errors.PERSON_NOT_FOUND(missing)
  }
  if (source.type !== 'csv') return { json: source as StoredSourceJson, csvText: null }
  const text = source.csv ?? csvText
  return {
    json: { type: 'csv', rows: text ? parseCampaignCsv(text).length : 0 } as StoredSourceJson,
    csvText: text ?? null,
  }
}

type SendFields = Omit<UpdateCampaignBody, 'name' | 'source'>

async function checkSendFields(
  deps: ServiceDeps,
  orgId: string,
  fields: SendFields & { templateId: string | null; body: string | null },
) {
  const db = deps.database.db
  if ((fields.templateId === null) === (fields.body === null)) {
    throw new errors.REQUEST_INVALID('a mailshot needs exactly one of "templateId" or "body"')
  }
  await compileSpecText(db, {
    orgId,
    templateId: fields.templateId,
    body: fields.body,
    attachmentId: fields.attachmentId ?? null,
  })
  checkSchedule(fields.sendAt ?? null, deps.clock.now())
  if (fields.connectionId && !(await findConnection(db, orgId, fields.connectionId))) {
    throw new errors.CONNECTION_NOT_FOUND(fields.connectionId)
  }
  if (fields.jobId && !(await findJobById(db, orgId, fields.jobId)))
    throw new errors.JOB_NOT_FOUND(fields.jobId)
  if (fields.attachmentId && !(await findAttachmentMeta(db, orgId, fields.attachmentId))) {
    throw new errors.ATTACHMENT_NOT_FOUND(fields.attachmentId)
  }
}

export async function createCampaign(
  deps: ServiceDeps,
  sender: Sender,
  input: CreateCampaignBody,
  id: string = newId(),
): Promise<CampaignRow> {
  const fields = { ...input, templateId: input.templateId ?? null, body: input.body ?? null }
  await checkSendFields(deps, sender.orgId, fields)
  const source = await storeSource(deps.database.db, sender.orgId, input.source, null)
  const at = nowIso(deps.clock)
  const row: CampaignRow = {
    id,
    org_id: sender.orgId,
    name: input.name.trim(),
    status: 'draft',
    source: JSON.stringify(source.json),
    csv_text: source.csvText,
    template_id: fields.templateId,
    body: fields.body,
    subject: input.subject ?? null,
    connection_id: input.connectionId ?? null,
    job_id: input.jobId ?? null,
    attachment_id: input.attachmentId ?? null,
    repliable: input.repliable === false ? 0 : 1,
    send_at: input.sendAt ? new Date(input.sendAt).toISOString() : null,
    link_expiry_days: input.linkExpiresInDays ?? 30,
    created_by: sender.userId,
    created_at: at,
    updated_at: at,
    launched_at: null,
    paused_at: null,
    cancelled_at: null,
    recipients: 0,
    skipped: 0,
    segments: 0,
    credits: 0,
    refunded_credits: 0,
  }
  await insertCampaign(deps.database.db, row)
  return row
}

function pick<T>(patch: T | undefined, current: T): T {
  return patch === undefined ? current : patch
}

/** Changes a draft; a launched mailshot is changed by pausing, resuming or cancelling it. */
export async function changeCampaign(
  deps: ServiceDeps,
  orgId: string,
  id: string,
  patch: UpdateCampaignBody & { csvText?: string },
): Promise<CampaignRow> {
  const db = deps.database.db
  const row = await requireCampaign(db, orgId, id)
  if (row.status !== 'draft')
    throw new errors.CAMPAIGN_STATE_INVALID(row.name, row.status, 'only a draft can be changed')
  // Choosing a template clears the typed body and the other way round.
  const templateId = patch.templateId !== undefined ? patch.templateId : patch.body ? null : row.template_id
  const body = patch.body !== undefined ? patch.body : patch.templateId ? null : row.body
  const fields = {
    templateId,
    body,
    connectionId: pick(patch.connectionId, row.connection_id),
    jobId: pick(patch.jobId, row.job_id),
    attachmentId: pick(patch.attachmentId, row.attachment_id),
    sendAt: pick(patch.sendAt, row.send_at),
  }
  await checkSendFields(deps, orgId, fields)
  const source =
    patch.source || patch.csvText !== undefined
      ? await storeSource(db, orgId, patch.source ?? { type: 'csv' }, patch.csvText ?? null)
      : null
  const next: Partial<CampaignRow> = {
    name: patch.name?.trim() ?? row.name,
    template_id: fields.templateId,
    body: fields.body,
    subject: pick(patch.subject, row.subject),
    connection_id: fields.connectionId,
    job_id: fields.jobId,
    attachment_id: fields.attachmentId,
    send_at: fields.sendAt ? new Date(fields.sendAt).toISOString() : null,
    repliable: patch.repliable === undefined ? row.repliable : patch.repliable ? 1 : 0,
    link_expiry_days: patch.linkExpiresInDays ?? row.link_expiry_days,
    updated_at: nowIso(deps.clock),
    ...(source ? { source: JSON.stringify(source.json), csv_text: source.csvText } : {}),
  }
  if (!(await updateCampaignIf(db, id, ['draft'], next))) {
    throw new errors.CAMPAIGN_STATE_INVALID(row.name, 'launched', 'only a draft can be changed')
  }
  return requireCampaign(db, orgId, id)
}

export async function deleteCampaign(db: Db, orgId: string, id: string): Promise<void> {
  const row = await requireCampaign(db, orgId, id)
  if (!(await deleteDraftCampaign(db, orgId, id))) {
    throw new errors.CAMPAIGN_STATE_INVALID(
      row.name,
      row.status,
      'only a draft can be deleted; cancel it instead',
    )
  }
}

export async function toCampaignDto(deps: ServiceDeps, row: CampaignRow): Promise<CampaignDto> {
  const progress = await readProgress(deps.database.db, row.id)
  const stored = storedSourceOf(row)
  return {
    id: row.id,
    name: row.name,
    status: statusOf(row, progress, deps.clock.now()),
    source: stored.type === 'csv' ? { type: 'csv', csvRows: stored.rows } : stored,
    templateId: row.template_id,
    body: row.body,
    subject: row.subject,
    connectionId: row.connection_id,
    jobId: row.job_id,
    attachmentId: row.attachment_id,
    repliable: row.repliable === 1,
    sendAt: row.send_at,
    linkExpiresInDays: row.link_expiry_days,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    launchedAt: row.launched_at,
    pausedAt: row.paused_at,
    cancelledAt: row.cancelled_at,
    launch: row.launched_at
      ? {
          recipients: row.recipients,
          skipped: row.skipped,
          segments: row.segments,
          credits: row.credits,
          refundedCredits: row.refunded_credits,
        }
      : null,
    progress,
  }
}

/** One page of an organization's mailshots, newest first, each with its progress. */
export async function listCampaigns(
  deps: ServiceDeps,
  orgId: string,
  page: PageRequest,
): Promise<Page<CampaignDto>> {
  const rows = await listCampaignRows(deps.database.db, orgId, page)
  const items: CampaignDto[] = []
  for (const row of rows.items) items.push(await toCampaignDto(deps, row))
  return { items, nextCursor: rows.nextCursor }
}
