import type { Selectable } from 'kysely'

export interface AttachmentsTable {
  id: string
  org_id: string
  file_name: string
  content_type: string
  size_bytes: number
  sha256: string
  content: Buffer
  uploaded_by: string | null
  created_at: string
  deleted_at: string | null
}
export type AttachmentRow = Selectable<AttachmentsTable>

/** One recipient's download link: the random part of the signed token is the key. */
export interface AttachmentLinksTable {
  id: string
  org_id: string
  attachment_id: string
  message_id: string | null
  person_id: string | null
  phone: string
  expires_at: string
  download_count: number
  last_downloaded_at: string | null
  created_at: string
}
export type AttachmentLinkRow = Selectable<AttachmentLinksTable>

/** One mailshot recipient's merged document, filled in at launch and set in a PDF when opened. */
export interface DocumentLinksTable {
  id: string
  org_id: string
  campaign_id: string
  message_id: string | null
  person_id: string | null
  phone: string
  title: string
  body: string
  expires_at: string
  download_count: number
  last_downloaded_at: string | null
  created_at: string
}
export type DocumentLinkRow = Selectable<DocumentLinksTable>
