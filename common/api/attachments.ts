import { Type } from 'typebox'
import { MessageText } from './messaging'
import { Body, Nullable, PageQuery } from './schema'

export const MAX_ATTACHMENT_BYTES = 5 * 1_048_576

export const AttachmentSchema = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  createdAt: Type.String(),
  /** Download links sent, total downloads, and links opened at least once. */
  links: Type.Object({ links: Type.Integer(), downloads: Type.Integer(), opened: Type.Integer() }),
})

export const UploadAttachmentQuery = Type.Object({
  fileName: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'For a raw application/pdf body; multipart uploads carry their own',
    }),
  ),
})

export const SendWithAttachmentBody = Body({
  personId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  body: MessageText,
  subject: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  repliable: Type.Optional(Type.Boolean()),
  connectionId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  sendAt: Type.Optional(Type.String({ format: 'date-time' })),
  linkExpiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30 })),
})

export const AttachmentPreviewBody = Body({ body: Type.String({ maxLength: 10_000 }) })

/** The organization's uploaded PDFs, newest first, to pick one again for a text or a mailshot. */
export const ListAttachmentsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the file name' })),
  ...PageQuery,
})
