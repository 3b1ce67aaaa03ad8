import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import type { Static } from 'typebox'
import type { AttachmentSchema, SendWithAttachmentBody } from '../../../common/api/attachments'
import { api, type PageOf } from './client'
import type { Message } from './messages'

export type Attachment = Static<typeof AttachmentSchema>

/** MAX_ATTACHMENT_BYTES of common/api/attachments.ts (the server refuses larger files too). */
export const MAX_ATTACHMENT_BYTES = 5 * 1_048_576

export function useUploadAttachment() {
  const queryClient = useQueryClient()
  return useMutation({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['attachments'] }),
    mutationFn: (file: File) =>
      api<Attachment>('/api/v1/attachments', {
        method: 'POST',
        query: { fileName: file.name },
        raw: { contentType: 'application/pdf', data: file },
      }),
  })
}

/** The organization's uploaded PDFs, newest first, `q` part of the file name: to attach one again. */
export function useAttachmentList(q: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['attachments', 'list', q] as const,
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<typeof AttachmentSchema>>('/api/v1/attachments', {
        query: { q, cursor: pageParam, limit: 20 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  })
}

/** One uploaded PDF with how often its links were opened. */
export function useAttachment(id: string | null) {
  return useQuery({
    queryKey: ['attachments', 'detail', id ?? ''] as const,
    queryFn: ({ signal }) =>
      api<Attachment>(`/api/v1/attachments/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  })
}

export type AttachmentSendInput = Static<typeof SendWithAttachmentBody>

export function sendWithAttachment(attachmentId: string, input: AttachmentSendInput): Promise<Message> {
  return api<Message>(`/api/v1/attachments/${encodeURIComponent(attachmentId)}/messages`, {
    method: 'POST',
    body: input,
  })
}
