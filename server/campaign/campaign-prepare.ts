import type { CampaignSource } from '../../common/api/campaigns'
import { findAttachmentMeta } from '../attachment/attachment.repository'
import { parseDateTime } from '../core/dates'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { placeholderLinkUrl } from '../interview/signed-link'
import type { Organization } from '../organization/organization.repository'
import { getOrganization } from '../organization/organization.service'
import type { ServiceDeps } from '../service-deps'
import type { MergeValues } from '../template/merge-fields'
import { compileOrThrow, requireSmsTemplate } from '../template/template.service'
import { loadJobValues, loadSenderValues } from '../template/template-context'
import { type CompiledDocument, compileDocumentOrThrow, documentOf } from '../template/template-document'
import type { CompiledTemplate } from '../template/template-engine'
import type { PlanInput } from './campaign-plan'

const YEAR_MS = 366 * 86_400_000

/** What a mailshot is, whether saved or only being previewed. */
export interface CampaignSpec {
  orgId: string
  source: CampaignSource
  csvText: string | null
  templateId: string | null
  body: string | null
  subject: string | null
  connectionId: string | null
  jobId: string | null
  attachmentId: string | null
  sendAt: string | null
  senderUserId: string | null
}

export function checkSchedule(sendAt: string | null, now: Date): void {
  if (sendAt === null) return
  const parsed = parseDateTime(sendAt)
  if (!parsed.ok) throw new errors.MESSAGE_SCHEDULE_INVALID(`"${sendAt}" ${parsed.reason}`)
  const at = parsed.date.getTime()
  if (at <= now.getTime()) throw new errors.MESSAGE_SCHEDULE_INVALID(`${sendAt} is in the past`)
  if (at - now.getTime() > YEAR_MS)
    throw new errors.MESSAGE_SCHEDULE_INVALID(`${sendAt} is more than a year ahead`)
}

/**
 * The text to send: a saved template that may go by SMS, or the body typed; with the template's
 * document part when it has one (each recipient then gets their own PDF instead of an attachment).
 */
export async function compileSpecText(
  db: Db,
  spec: Pick<CampaignSpec, 'orgId' | 'templateId' | 'body' | 'attachmentId'>,
): Promise<{ compiled: CompiledTemplate; body: string; document: CompiledDocument | null }> {
  if (spec.templateId) {
    const { row, compiled } = await requireSmsTemplate(db, spec.orgId, spec.templateId)
    const document = documentOf(row)
    if (document && spec.attachmentId) throw new errors.TEMPLATE_DOCUMENT_WITH_ATTACHMENT(row.name)
    return { compiled, body: row.body, document: document ? compileDocumentOrThrow(document) : null }
  }
  if (!spec.body) throw new errors.REQUEST_INVALID('a mailshot needs a "templateId" or a "body"')
  return { compiled: compileOrThrow(spec.body), body: spec.body, document: null }
}

export interface PreparedSend {
  org: Organization
  body: string
  plan: Omit<PlanInput, 'onProgress'>
}

/** Checks everything a send depends on (text, job, attachment, schedule) and gathers the shared values. */
export async function prepareSend(deps: ServiceDeps, spec: CampaignSpec): Promise<PreparedSend> {
  const db = deps.database.db
  const org = await getOrganization(db, spec.orgId)
  checkSchedule(spec.sendAt, deps.clock.now())
  const { compiled, body, document } = await compileSpecText(db, spec)
  const shared: MergeValues = await loadSenderValues(db, spec.orgId, spec.senderUserId)
  let jobCompanyId: string | null = null
  if (spec.jobId) {
    const job = await loadJobValues(db, spec.orgId, spec.jobId)
    Object.assign(shared, job.values)
    jobCompanyId = job.companyId
  }
  if (spec.attachmentId && !(await findAttachmentMeta(db, spec.orgId, spec.attachmentId))) {
    throw new errors.ATTACHMENT_NOT_FOUND(spec.attachmentId)
  }
  return {
    org,
    body,
    plan: {
      org,
      stored: { source: spec.source, csvText: spec.csvText },
      compiled,
      document,
      shared,
      jobCompanyId,
      subject: spec.subject,
      linkPlaceholder:
        spec.attachmentId || document ? placeholderLinkUrl(deps.config.publicBaseUrl, 'download') : null,
    },
  }
}
