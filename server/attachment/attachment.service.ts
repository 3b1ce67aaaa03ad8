import { createHash } from 'node:crypto'
import { MAX_ATTACHMENT_BYTES } from '../../common/api/attachments'
import { nowIso } from '../clock'
import { readingKeys } from '../config'
import { errors } from '../errors'
import { newId } from '../ids'
import {
  linkExpiry,
  linkUrl,
  newLinkId,
  placeholderLinkUrl,
  signLink,
  type VerifiedLink,
  verifyLink,
} from '../interview/signed-link'
import type { Message } from '../message/message.repository'
import { getOrganization } from '../organization/organization.service'
import { resolveRecipient } from '../outbound/recipient'
import { type Sender, sendToRecipient } from '../outbound/send.service'
import { pageRequest } from '../pagination'
import { previewMessage } from '../preview/preview.service'
import type { ServiceDeps } from '../service-deps'
import { renderDocumentPdf } from '../template/document-pdf'
import { documentFileName } from '../template/template-document'
import {
  type AttachmentMeta,
  deleteAttachmentLink,
  findAttachmentContent,
  findAttachmentLink,
  findAttachmentMeta,
  findDocumentLink,
  insertAttachment,
  insertAttachmentLink,
  type LinkSummary,
  listAttachmentMeta,
  recordDocumentDownload,
  recordDownload,
  softDeleteAttachment,
  summarizeLinks,
} from './attachment.repository'
import type { AttachmentRow } from './attachment.table'

const PDF_MAGIC = Buffer.from('%PDF-', 'ascii')

/** A safe download name: no folders, no control or quote characters, ending in .pdf. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? ''
  const text = [...base]
    .filter((ch) => ch !== '"' && ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 200)
  const named = text === '' ? 'document.pdf' : text
  return /\.pdf$/i.test(named) ? named : `${named}.pdf`
}

const NO_LINKS = { links: 0, downloads: 0, opened: 0 }

function attachmentDto(meta: AttachmentMeta, links: LinkSummary | undefined) {
  return {
    id: meta.id,
    fileName: meta.file_name,
    contentType: meta.content_type,
    sizeBytes: meta.size_bytes,
    sha256: meta.sha256,
    createdAt: meta.created_at,
    links: links ?? NO_LINKS,
  }
}

export async function toAttachmentDto(deps: ServiceDeps, meta: AttachmentMeta) {
  const links = await summarizeLinks(deps.database.db, [meta.id])
  return attachmentDto(meta, links.get(meta.id))
}

/** Keeps a PDF for sending as a link; the content is checked, not the name or the declared type. */
export async function storeAttachment(
  deps: ServiceDeps,
  sender: Sender,
  input: { fileName: string | undefined; content: Buffer },
): Promise<AttachmentMeta> {
  const fileName = cleanFileName(input.fileName)
  if (input.content.length > MAX_ATTACHMENT_BYTES)
    throw new errors.ATTACHMENT_TOO_LARGE(String(MAX_ATTACHMENT_BYTES))
  if (
    input.content.length < PDF_MAGIC.length ||
    !input.content.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)
  ) {
    throw new errors.ATTACHMENT_NOT_PDF(`"${fileName}"`)
  }
  const row: AttachmentRow = {
    id: newId(),
    org_id: sender.orgId,
    file_name: fileName,
    content_type: 'application/pdf',
    size_bytes: input.content.length,
    sha256: createHash('sha256').update(input.content).digest('hex'),
    content: input.content,
    uploaded_by: sender.userId,
    created_at: nowIso(deps.clock),
    deleted_at: null,
  }
  await insertAttachment(deps.database.db, row)
  const { content: _content, ...meta } = row
  return meta
}

export async function requireAttachment(
  deps: ServiceDeps,
  orgId: string,
  id: string,
): Promise<AttachmentMeta> {
  const meta = await findAttachmentMeta(deps.database.db, orgId, id)
  if (!meta) throw new errors.ATTACHMENT_NOT_FOUND(id)
  return meta
}

/** One page of the live attachments of `orgId`, newest first, each with how often its links were opened. */
export async function listAttachments(
  deps: ServiceDeps,
  orgId: string,
  query: { q?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
) {
  const db = deps.database.db
  const page = await listAttachmentMeta(db, orgId, { q: query.q }, pageRequest(query))
  const links = await summarizeLinks(
    db,
    page.items.map((meta) => meta.id),
  )
  return {
    items: page.items.map((meta) => attachmentDto(meta, links.get(meta.id))),
    nextCursor: page.nextCursor,
  }
}

/** Soft delete: the attachment leaves the list and its links then say it was withdrawn. */
export async function deleteAttachment(deps: ServiceDeps, orgId: string, id: string): Promise<void> {
  if (!(await softDeleteAttachment(deps.database.db, orgId, id, nowIso(deps.clock)))) {
    throw new errors.ATTACHMENT_NOT_FOUND(id)
  }
}

/** Segments and credits of `body` once a download link is added as its last line, as a send would. */
export async function previewWithDownloadLink(deps: ServiceDeps, orgId: string, body: string) {
  const org = await getOrganization(deps.database.db, orgId)
  const link = placeholderLinkUrl(deps.config.publicBaseUrl, 'download')
  return previewMessage(`${body.trimEnd()}\n${link}`, org.settings)
}

export interface AttachmentSendInput {
  personId?: string | undefined
  to?: string | undefined
  body: string
  subject?: string | null | undefined
  repliable?: boolean | undefined
  connectionId?: string | undefined
  sendAt?: string | undefined
  linkExpiresInDays?: number | undefined
}

/**
 * A one-to-one text carrying a download link of its own (one token per recipient, so downloads
 * are counted per person). The link is the last line; its length is part of the cost.
 */
export async function sendWithAttachment(
  deps: ServiceDeps,
  sender: Sender,
  attachmentId: string,
  input: AttachmentSendInput,
): Promise<Message> {
  const db = deps.database.db
  await requireAttachment(deps, sender.orgId, attachmentId)
  if ((input.personId === undefined) === (input.to === undefined)) {
    throw new errors.REQUEST_INVALID('body must have exactly one of "personId" or "to"')
  }
  const org = await getOrganization(db, sender.orgId)
  const recipient = await resolveRecipient(db, sender.orgId, org.settings, input)
  const now = deps.clock.now()
  const from = input.sendAt ? new Date(input.sendAt) : now
  const expiresAt = linkExpiry(new Date(from.getTime() + (input.linkExpiresInDays ?? 30) * 86_400_000))
  const linkId = newLinkId()
  const url = linkUrl(
    deps.config.publicBaseUrl,
    'download',
    signLink(deps.config.secretKey, 'download', linkId, expiresAt),
  )
  const messageId = newId()
  await insertAttachmentLink(db, {
    id: linkId,
    org_id: sender.orgId,
    attachment_id: attachmentId,
    message_id: messageId,
    person_id: recipient.personId,
    phone: recipient.phone,
    expires_at: expiresAt.toISOString(),
    download_count: 0,
    last_downloaded_at: null,
    created_at: now.toISOString(),
  })
  try {
    const { message } = await sendToRecipient(deps, sender, org, recipient, {
      id: messageId,
      body: `${input.body.trimEnd()}\n${url}`,
      subject: input.subject ?? null,
      ...(input.repliable !== undefined ? { repliable: input.repliable } : {}),
      ...(input.connectionId ? { connectionId: input.connectionId } : {}),
      ...(input.sendAt ? { sendAt: input.sendAt } : {}),
    })
    return message
  } catch (error) {
    await deleteAttachmentLink(db, linkId)
    throw error
  }
}

export type DownloadOutcome =
  | { status: 'ok'; file: Pick<AttachmentRow, 'file_name' | 'content'> }
  | { status: 'invalid' }
  | { status: 'expired'; fileName: string }
  | { status: 'gone'; fileName: string }

/**
 * A mailshot recipient's merged document: the title and body filled in at launch, set in a PDF now
 * (the same text every time it is opened).
 */
async function openDocument(
  deps: ServiceDeps,
  verified: Exclude<VerifiedLink, { status: 'invalid' }>,
  count: boolean,
): Promise<DownloadOutcome> {
  const db = deps.database.db
  const link = await findDocumentLink(db, verified.linkId)
  if (!link || new Date(link.expires_at).getTime() !== new Date(verified.expiresAt).getTime())
    return { status: 'invalid' }
  const fileName = documentFileName(link.title)
  if (verified.status === 'expired') return { status: 'expired', fileName }
  const pdf = await renderDocumentPdf({ title: link.title, body: link.body })
  if (count) await recordDocumentDownload(db, link.id, nowIso(deps.clock))
  return { status: 'ok', file: { file_name: fileName, content: Buffer.from(pdf) } }
}

/** Opens a download link: counts the download, or says why it cannot be served. */
export async function openDownload(
  deps: ServiceDeps,
  token: string,
  count: boolean,
): Promise<DownloadOutcome> {
  const db = deps.database.db
  const verified = verifyLink(readingKeys(deps.config), 'download', token, deps.clock.now())
  if (verified.status === 'invalid') return { status: 'invalid' }
  const link = await findAttachmentLink(db, verified.linkId)
  if (!link) return openDocument(deps, verified, count)
  if (new Date(link.expires_at).getTime() !== new Date(verified.expiresAt).getTime())
    return { status: 'invalid' }
  const file = await findAttachmentContent(db, link.attachment_id)
  if (!file) return { status: 'invalid' }
  if (verified.status === 'expired') return { status: 'expired', fileName: file.file_name }
  if (file.deleted_at) return { status: 'gone', fileName: file.file_name }
  if (count) await recordDownload(db, link.id, nowIso(deps.clock))
  return { status: 'ok', file }
}
