import type { Readable } from 'node:stream'
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AttachmentPreviewBody,
  AttachmentSchema,
  ListAttachmentsQuery,
  MAX_ATTACHMENT_BYTES,
  SendWithAttachmentBody,
  UploadAttachmentQuery,
} from '../../common/api/attachments'
import { MessageSchema } from '../../common/api/messaging'
import { PreviewReply } from '../../common/api/preview'
import { IdParams, Page } from '../../common/api/schema'
import { SendTemplateDocumentBody } from '../../common/api/templates'
import { errors } from '../errors'
import { checkUploadText } from '../http/input-hygiene'
import { actorOf, requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import {
  deleteAttachment,
  listAttachments,
  previewWithDownloadLink,
  requireAttachment,
  sendWithAttachment,
  storeAttachment,
  toAttachmentDto,
} from './attachment.service'
import { sendTemplateWithDocument } from './template-document-send.service'

/** Reads at most the limit and one byte more, so an oversize upload is refused without buffering it all. */
async function readLimited(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    total += (chunk as Buffer).length
    if (total > MAX_ATTACHMENT_BYTES) throw new errors.ATTACHMENT_TOO_LARGE(String(MAX_ATTACHMENT_BYTES))
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function isTooLarge(error: unknown): boolean {
  return (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
}

export const attachmentRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const tags = ['attachments']
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5 } })
  // Any other declared type reaches the handler too, so it is refused as "not a PDF", not as a media type.
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload))

  app.post(
    '/api/v1/attachments',
    {
      schema: {
        tags,
        summary: 'Upload a PDF (raw application/pdf body or multipart/form-data), at most 5 MB',
        description:
          'The content is checked: a file that does not start with %PDF- is refused (ATTACHMENT_NOT_PDF).',
        querystring: UploadAttachmentQuery,
        response: { 201: AttachmentSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const sender = { orgId: actor.orgId, userId: actor.userId }
      const type = request.headers['content-type']?.toLowerCase() ?? ''
      let upload: { fileName: string | undefined; content: Buffer }
      try {
        if (type.startsWith('multipart/form-data')) {
          const file = await request.file()
          if (!file) throw new errors.REQUEST_INVALID('The form has no file; send the PDF in a file field')
          checkUploadText(file.filename, 'the uploaded file name')
          upload = { fileName: file.filename, content: await file.toBuffer() }
        } else if (type.startsWith('application/pdf')) {
          const body = request.body as Readable
          try {
            upload = { fileName: request.query.fileName, content: await readLimited(body) }
          } finally {
            if (!body.readableEnded) body.resume()
          }
        } else {
          const body = request.body as Readable | undefined
          body?.resume()
          throw new errors.ATTACHMENT_NOT_PDF(
            `A ${type.split(';')[0] || 'body without a Content-Type'} upload`,
          )
        }
      } catch (error) {
        if (isTooLarge(error) || error instanceof errors.ATTACHMENT_TOO_LARGE) {
          reply.header('connection', 'close')
          throw new errors.ATTACHMENT_TOO_LARGE(String(MAX_ATTACHMENT_BYTES))
        }
        throw error
      }
      const meta = await storeAttachment(deps, sender, upload)
      return reply.status(201).send(await toAttachmentDto(deps, meta))
    },
  )

  app.get(
    '/api/v1/attachments',
    {
      schema: {
        tags,
        summary: 'Uploaded PDFs, newest first (to attach one again); `q` is part of the file name',
        querystring: ListAttachmentsQuery,
        response: { 200: Page(AttachmentSchema) },
      },
    },
    async (request) => listAttachments(deps, actorOf(request).orgId, request.query),
  )

  app.get(
    '/api/v1/attachments/:id',
    {
      schema: {
        tags,
        summary: 'One attachment and how often its links were opened',
        params: IdParams,
        response: { 200: AttachmentSchema },
      },
    },
    async (request) =>
      toAttachmentDto(deps, await requireAttachment(deps, actorOf(request).orgId, request.params.id)),
  )

  app.delete(
    '/api/v1/attachments/:id',
    {
      schema: {
        tags,
        summary: 'Delete an attachment: its links then say it was withdrawn',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      await deleteAttachment(deps, actor.orgId, request.params.id)
      return reply.status(204).send()
    },
  )

  app.post(
    '/api/v1/attachments/preview',
    {
      schema: {
        tags,
        summary: 'Segments and credits of a text once the download link is added',
        body: AttachmentPreviewBody,
        response: { 200: PreviewReply },
      },
    },
    async (request) => previewWithDownloadLink(deps, actorOf(request).orgId, request.body.body),
  )

  app.post(
    '/api/v1/attachments/:id/messages',
    {
      schema: {
        tags,
        summary: 'Text a person or a number with the PDF as a download link of their own',
        params: IdParams,
        body: SendWithAttachmentBody,
        response: { 201: MessageSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const message = await sendWithAttachment(
        deps,
        { orgId: actor.orgId, userId: actor.userId },
        request.params.id,
        request.body,
      )
      return reply.status(201).send(message)
    },
  )

  app.post(
    '/api/v1/templates/:id/messages',
    {
      schema: {
        tags: ['templates'],
        summary:
          'Text a person from a template with a document part: their own PDF, as a download link of their own',
        description:
          'The text and the document are filled in for the person; the PDF is stored as an attachment and its ' +
          'link is the last line of the text. TEMPLATE_NO_DOCUMENT (404) when the template has no document part.',
        params: IdParams,
        body: SendTemplateDocumentBody,
        response: { 201: MessageSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const sender = { orgId: actor.orgId, userId: actor.userId }
      const message = await sendTemplateWithDocument(deps, sender, request.params.id, request.body)
      return reply.status(201).send(message)
    },
  )
}
