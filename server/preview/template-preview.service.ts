import type { Static } from 'typebox'
import type { RenderTemplateBody, RenderTemplateReply } from '../../common/api/templates'
import type { Config } from '../config'
import { countSegments, creditsFor } from '../core/segments'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { loadInterviewFields } from '../interview/interview-fields'
import { placeholderLinkUrl } from '../interview/signed-link'
import { getOrganization } from '../organization/organization.service'
import type { MergeValues } from '../template/merge-fields'
import { compileOrThrow, requireTemplateRow } from '../template/template.service'
import { loadMergeValues } from '../template/template-context'
import { documentOf, renderDocumentFor } from '../template/template-document'
import { renderTemplate, TemplateRenderError } from '../template/template-engine'

/** A template rendered for one person (and a job, placement or interview) as the sender would send it, with its cost. */
export async function previewTemplate(
  db: Db,
  config: Pick<Config, 'secretKey' | 'publicBaseUrl'>,
  sender: { orgId: string; userId: string | null },
  id: string,
  input: Static<typeof RenderTemplateBody>,
): Promise<Static<typeof RenderTemplateReply>> {
  const row = await requireTemplateRow(db, sender.orgId, id)
  const compiled = compileOrThrow(row.body)
  const values = await previewValues(db, config, sender, input)
  let rendered: { text: string; missing: string[] }
  try {
    rendered = renderTemplate(compiled, values)
  } catch (error) {
    if (error instanceof TemplateRenderError) throw new errors.TEMPLATE_RENDER_FAILED(error.message)
    throw error
  }
  const org = await getOrganization(db, sender.orgId)
  // A document goes as a download link on the last line (as an uploaded PDF does); its length costs.
  const document = documentOf(row)
  const sent = document
    ? `${rendered.text.trimEnd()}\n${placeholderLinkUrl(config.publicBaseUrl, 'download')}`
    : rendered.text
  const count = countSegments(sent)
  return {
    body: sent,
    missingFields: rendered.missing,
    encoding: count.encoding,
    segments: count.segments,
    credits: creditsFor(count.segments, org.settings.creditsPerSegment),
    smsAllowed: row.sms_allowed === 1,
    hasDocument: document !== null,
  }
}

/** The PDF the template's document part gives this person, as they would receive it; TEMPLATE_NO_DOCUMENT without one. */
export async function previewTemplateDocument(
  db: Db,
  config: Pick<Config, 'secretKey' | 'publicBaseUrl'>,
  sender: { orgId: string; userId: string | null },
  id: string,
  input: Static<typeof RenderTemplateBody>,
): Promise<{ pdf: Uint8Array; fileName: string }> {
  const row = await requireTemplateRow(db, sender.orgId, id)
  const document = documentOf(row)
  if (!document) throw new errors.TEMPLATE_NO_DOCUMENT(row.name)
  return renderDocumentFor(document, await previewValues(db, config, sender, input))
}

async function previewValues(
  db: Db,
  config: Pick<Config, 'secretKey' | 'publicBaseUrl'>,
  sender: { orgId: string; userId: string | null },
  input: Static<typeof RenderTemplateBody>,
): Promise<MergeValues> {
  const { interviewId, ...subjects } = input
  const interview = interviewId ? await loadInterviewFields(db, config, sender.orgId, interviewId) : undefined
  return loadMergeValues(db, sender.orgId, {
    ...subjects,
    jobId: subjects.jobId ?? interview?.jobId ?? undefined,
    userId: sender.userId,
    interview: interview?.fields,
  })
}
