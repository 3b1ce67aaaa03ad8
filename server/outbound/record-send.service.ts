import type { Static } from 'typebox'
import type { RecordSendBody } from '../../common/api/messaging'
import { countSegments, creditsFor } from '../core/segments'
import { readBalance } from '../credit/credit.repository'
import { errors, withDetails } from '../errors'
import { findJobRecipients, type RecordRecipient } from '../job/job.repository'
import type { Message } from '../message/message.repository'
import { findOptOut } from '../opt-out/opt-out.repository'
import { getOrganization } from '../organization/organization.service'
import { findPlacementRecipients } from '../placement/placement.repository'
import type { ServiceDeps } from '../service-deps'
import { resolveRecipient } from './recipient'
import { composeText, type Sender, sendToRecipient } from './send.service'

/**
 * "Send SMS" from a job (main contact, line manager) or a placement (applicant, main contact, line
 * manager): every recipient is checked first, so one without a mobile or opted out stops the send
 * before anything goes or is charged.
 */

export type RecordSendInput = Static<typeof RecordSendBody>

/** Texts a job's main contact and line manager (or the `roles` given). */
export async function sendToJob(
  deps: ServiceDeps,
  sender: Sender,
  jobId: string,
  input: RecordSendInput,
): Promise<Message[]> {
  const named = await findJobRecipients(deps.database.db, sender.orgId, jobId)
  if (!named) throw new errors.JOB_NOT_FOUND(jobId)
  return sendToNamed(deps, sender, named, input)
}

/** Texts a placement's applicant, main contact and line manager (or the `roles` given). */
export async function sendToPlacement(
  deps: ServiceDeps,
  sender: Sender,
  placementId: string,
  input: RecordSendInput,
): Promise<Message[]> {
  const named = await findPlacementRecipients(deps.database.db, sender.orgId, placementId)
  if (!named) throw new errors.PLACEMENT_NOT_FOUND(placementId)
  return sendToNamed(deps, sender, named, input)
}

async function sendToNamed(
  deps: ServiceDeps,
  sender: Sender,
  named: RecordRecipient[],
  input: RecordSendInput,
): Promise<Message[]> {
  const db = deps.database.db
  const roles = input.roles
  const chosen = named.filter((n) => !roles || roles.includes(n.role))
  const personIds = [...new Set(chosen.map((n) => n.personId))]
  if (personIds.length === 0) {
    throw new errors.REQUEST_INVALID(
      `The record names nobody${roles ? ` as ${roles.join(' or ')}` : ''} to text`,
    )
  }
  const org = await getOrganization(db, sender.orgId)
  const recipients = []
  for (const personId of personIds) {
    const recipient = await resolveRecipient(db, sender.orgId, org.settings, { personId })
    const optOut = await findOptOut(db, sender.orgId, recipient.phone)
    if (optOut) throw new errors.RECIPIENT_OPTED_OUT(recipient.label, optOut.keyword ?? 'opted out')
    recipients.push(recipient)
  }
  const needed =
    recipients.length *
    creditsFor(
      countSegments(composeText(org, input.body, input.subject)).segments,
      org.settings.creditsPerSegment,
    )
  const available = await readBalance(db, sender.orgId)
  if (needed > available)
    throw withDetails(new errors.CREDITS_INSUFFICIENT(needed, available), { needed, available })
  const sent: Message[] = []
  for (const recipient of recipients) {
    const { message } = await sendToRecipient(deps, sender, org, recipient, {
      body: input.body,
      subject: input.subject ?? null,
      ...(input.repliable !== undefined ? { repliable: input.repliable } : {}),
      ...(input.connectionId ? { connectionId: input.connectionId } : {}),
      ...(input.sendAt ? { sendAt: input.sendAt } : {}),
    })
    sent.push(message)
  }
  return sent
}
