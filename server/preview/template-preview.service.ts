import type { Static } from 'typebox'
import type { RenderTemplateBody, RenderTemplateReply } from '../../common/api/templates'
import type { Config } from '../config'
import { countSegments, creditsFor } from '../core/segments'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { loadInterviewFields } from '../interview/interview-fields'
import { getOrganization } from '../organization/organization.service'
import { compileOrThrow, requireTemplateRow } from '../template/template.service'
import { loadMergeValues } from '../template/template-context'
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
  const { interviewId, ...subjects } = input
  const interview = interviewId ? await loadInterviewFields(db, config, sender.orgId, interviewId) : undefined
  const values = await loadMergeValues(db, sender.orgId, {
    ...subjects,
    jobId: subjects.jobId ?? interview?.jobId ?? undefined,
    userId: sender.userId,
    interview: interview?.fields,
  })
  let rendered: { text: string; missing: string[] }
  try {
    rendered = renderTemplate(compiled, values)
  } catch (error) {
    if (error instanceof TemplateRenderError) throw new errors.TEMPLATE_RENDER_FAILED(error.message)
    throw error
  }
  const org = await getOrganization(db, sender.orgId)
  const count = countSegments(rendered.text)
  return {
    body: rendered.text,
    missingFields: rendered.missing,
    encoding: count.encoding,
    segments: count.segments,
    credits: creditsFor(count.segments, org.settings.creditsPerSegment),
    smsAllowed: row.sms_allowed === 1,
  }
}
