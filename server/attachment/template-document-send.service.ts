import type { Static } from 'typebox'
import type { SendTemplateDocumentBody } from '../../common/api/templates'
import { errors } from '../errors'
import type { Message } from '../message/message.repository'
import type { Sender } from '../outbound/send.service'
import type { ServiceDeps } from '../service-deps'
import { requireSmsTemplate } from '../template/template.service'
import { loadMergeValues } from '../template/template-context'
import { documentOf, renderDocumentFor } from '../template/template-document'
import { renderTemplate, TemplateRenderError } from '../template/template-engine'
import { deleteAttachment, sendWithAttachment, storeAttachment } from './attachment.service'

/**
 * A one-to-one text from a template with a document part: the person's PDF is rendered (outside any
 * transaction), stored as an attachment and sent as their own download link, the last line of the text.
 * The PDF is withdrawn again when the send is refused, so nothing is left that no text points at.
 */
export async function sendTemplateWithDocument(
  deps: ServiceDeps,
  sender: Sender,
  templateId: string,
  input: Static<typeof SendTemplateDocumentBody>,
): Promise<Message> {
  const db = deps.database.db
  const { row, compiled } = await requireSmsTemplate(db, sender.orgId, templateId)
  const document = documentOf(row)
  if (!document) throw new errors.TEMPLATE_NO_DOCUMENT(row.name)
  const values = await loadMergeValues(db, sender.orgId, {
    personId: input.personId,
    jobId: input.jobId,
    placementId: input.placementId,
    userId: sender.userId,
  })
  let text: string
  try {
    const rendered = renderTemplate(compiled, values)
    if (rendered.missing.length > 0) {
      const name = values.person?.full_name ?? input.personId
      throw new errors.TEMPLATE_FIELDS_MISSING(String(name), rendered.missing.join(', '))
    }
    text = rendered.text
  } catch (error) {
    if (error instanceof TemplateRenderError) throw new errors.TEMPLATE_RENDER_FAILED(error.message)
    throw error
  }
  const { pdf, fileName } = await renderDocumentFor(document, values)
  const stored = await storeAttachment(deps, sender, { fileName, content: Buffer.from(pdf) })
  try {
    return await sendWithAttachment(deps, sender, stored.id, {
      personId: input.personId,
      body: text,
      ...(input.subject ? { subject: input.subject } : {}),
      ...(input.repliable !== undefined ? { repliable: input.repliable } : {}),
      ...(input.connectionId ? { connectionId: input.connectionId } : {}),
      ...(input.sendAt ? { sendAt: input.sendAt } : {}),
      ...(input.linkExpiresInDays ? { linkExpiresInDays: input.linkExpiresInDays } : {}),
    })
  } catch (error) {
    await deleteAttachment(deps, sender.orgId, stored.id)
    throw error
  }
}
