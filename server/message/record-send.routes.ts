import type { FastifyPluginAsyncTypebox, Static } from '@fastify/type-provider-typebox'
import { MessageItems, RecordSendBody } from '../../common/api/messaging'
import { IdParams } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { requirePermission } from '../auth/auth.plugin'
import { countSegments, creditsFor } from '../core/segments'
import { readBalance } from '../credit/credit.repository'
import { errors, withDetails } from '../errors'
import { findJobRecipients, type RecordRecipient } from '../job/job.repository'
import { findOptOut } from '../opt-out/opt-out.repository'
import { getOrganization } from '../organization/organization.service'
import { findPlacementRecipients } from '../placement/placement.repository'
import type { Message } from './message.repository'
import { resolveRecipient } from './recipient'
import { composeText, sendToRecipient } from './send.service'

/**
 * "Send SMS" from a job (main contact, line manager) or a placement (applicant, main contact, line
 * manager): every recipient is checked first, so one without a mobile or opted out stops the send
 * before anything goes or is charged.
 */
export const recordSendRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db

  async function sendToNamed(
    actor: { orgId: string; userId: string },
    named: RecordRecipient[],
    body: Static<typeof RecordSendBody>,
  ): Promise<Message[]> {
    const roles = body.roles
    const chosen = named.filter((n) => !roles || roles.includes(n.role))
    const personIds = [...new Set(chosen.map((n) => n.personId))]
    if (personIds.length === 0) {
      throw new errors.REQUEST_INVALID(
        `The record names nobody${roles ? ` as ${roles.join(' or ')}` : ''} to text`,
      )
    }
    const org = await getOrganization(db, actor.orgId)
    const recipients = []
    for (const personId of personIds) {
      const recipient = await resolveRecipient(db, actor.orgId, org.settings, { personId })
      const optOut = await findOptOut(db, actor.orgId, recipient.phone)
      if (optOut) throw new errors.RECIPIENT_OPTED_OUT(recipient.label, optOut.keyword ?? 'opted out')
      recipients.push(recipient)
    }
    const needed =
      recipients.length *
      creditsFor(
        countSegments(composeText(org, body.body, body.subject)).segments,
        org.settings.creditsPerSegment,
      )
    const available = await readBalance(db, actor.orgId)
    if (needed > available)
      throw withDetails(new errors.CREDITS_INSUFFICIENT(needed, available), { needed, available })
    const sent: Message[] = []
    for (const recipient of recipients) {
      const { message } = await sendToRecipient(deps, actor, org, recipient, {
        body: body.body,
        subject: body.subject ?? null,
        ...(body.repliable !== undefined ? { repliable: body.repliable } : {}),
        ...(body.connectionId ? { connectionId: body.connectionId } : {}),
        ...(body.sendAt ? { sendAt: body.sendAt } : {}),
      })
      sent.push(message)
    }
    return sent
  }

  app.post(
    '/api/v1/jobs/:id/messages',
    {
      schema: {
        tags: ['messages'],
        summary: "Text a job's main contact and line manager (or the `roles` given)",
        params: IdParams,
        body: RecordSendBody,
        response: { 201: MessageItems },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const named = await findJobRecipients(db, actor.orgId, request.params.id)
      if (!named) throw new errors.JOB_NOT_FOUND(request.params.id)
      return reply.status(201).send({ items: await sendToNamed(actor, named, request.body) })
    },
  )

  app.post(
    '/api/v1/placements/:id/messages',
    {
      schema: {
        tags: ['messages'],
        summary: "Text a placement's applicant, main contact and line manager (or the `roles` given)",
        params: IdParams,
        body: RecordSendBody,
        response: { 201: MessageItems },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const named = await findPlacementRecipients(db, actor.orgId, request.params.id)
      if (!named) throw new errors.PLACEMENT_NOT_FOUND(request.params.id)
      return reply.status(201).send({ items: await sendToNamed(actor, named, request.body) })
    },
  )
}
