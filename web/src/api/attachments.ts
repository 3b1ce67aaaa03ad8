import { useMutation } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type { AttachmentSchema, SendWithAttachmentBody } from '../../../common/api/attachments'
import { api } from './client'
import type { Message } from './messages'

export type Attachment = Static<typeof AttachmentSchema>

/** MAX_ATTACHMENT_BYTES of common/api/attachments.ts (the server refuses larger files too). */
export const MAX_ATTACHMENT_BYTES = 5 * 1_048_576

export function useUploadAttachment() {
  return useMutation({
    mutationFn: (file: File) =>
      api<Attachment>('/api/v1/attachments', {
        method: 'POST',
        query: { fileName: file.name },
        raw: { contentType: 'application/pdf', data: file },
      }),
  })
}

export type AttachmentSendInput = Static<typeof SendWithAttachmentBody>

export function sendWithAttachment(attachmentId: string, input: AttachmentSendInput): Promise<Message> {
  return api<Message>(`/api/v1/attachments/${encodeURIComponent(attachmentId)}/messages`, {
    method: 'POST',
    body: input,
  })
}
