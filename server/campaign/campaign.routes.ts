import type { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  BulkSendBody,
  BulkSendReplySchema,
  CampaignPreviewSchema,
  CampaignSchema,
  CreateCampaignBody,
  LaunchCampaignBody,
  ListCampaignsQuery,
  PreviewCampaignBody,
  ResendReplySchema,
  UpdateCampaignBody,
} from '../../common/api/campaigns'
import { IdParams, Page } from '../../common/api/schema'
import { errors } from '../errors'
import { refuseNulBytes } from '../http/input-hygiene'
import { actorOf, requirePermission } from '../http/request-actor'
import { pageRequest } from '../pagination'
import type { AppDeps } from '../service-deps'
import { sendBulk } from './bulk-send.service'
import {
  campaignSpecOf,
  changeCampaign,
  createCampaign,
  deleteCampaign,
  listCampaigns,
  requireCampaign,
  toCampaignDto,
} from './campaign.service'
import { cancelCampaign, pauseCampaign, resumeCampaign } from './campaign-control.service'
import { launchCampaign } from './campaign-launch.service'
import { previewCampaign } from './campaign-preview'
import { relayCampaignProgress } from './campaign-progress'
import { resendFailedTexts } from './campaign-resend.service'

export const CAMPAIGN_CSV_LIMIT_BYTES = 20 * 1_048_576

async function readCsv(body: Readable): Promise<string> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of refuseNulBytes(body.iterator({ destroyOnReturn: false }))) {
    total += chunk.length
    if (total > CAMPAIGN_CSV_LIMIT_BYTES)
      throw new errors.CAMPAIGN_CSV_TOO_LARGE(String(CAMPAIGN_CSV_LIMIT_BYTES))
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export const campaignRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['mailshots']
  const stopRelay = relayCampaignProgress(db, deps.database.dialect, deps.events)
  app.addHook('onClose', async () => stopRelay())
  app.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload))

  app.get(
    '/api/v1/campaigns',
    {
      schema: {
        tags,
        summary: 'Mailshots, newest first, with their progress',
        querystring: ListCampaignsQuery,
        response: { 200: Page(CampaignSchema) },
      },
    },
    async (request) => {
      return listCampaigns(deps, actorOf(request).orgId, pageRequest(request.query))
    },
  )

  app.post(
    '/api/v1/campaigns',
    {
      schema: {
        tags,
        summary: 'Create a draft mailshot: recipients, a template or a body, a connection, now or later',
        body: CreateCampaignBody,
        response: { 201: CampaignSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send_bulk')
      const row = await createCampaign(deps, { orgId: actor.orgId, userId: actor.userId }, request.body)
      return reply.status(201).send(await toCampaignDto(deps, row))
    },
  )

  app.post(
    '/api/v1/campaigns/preview',
    {
      schema: {
        tags,
        summary:
          'Preview an unsaved mailshot: recipients, cost, samples and everyone skipped with the reason',
        body: PreviewCampaignBody,
        response: { 200: CampaignPreviewSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'sms.send_bulk')
      const b = request.body
      if (b.templateId && b.body)
        throw new errors.REQUEST_INVALID('give one of "templateId" or "body", not both')
      return previewCampaign(deps, {
        orgId: actor.orgId,
        source: b.source,
        csvText: b.source.type === 'csv' ? (b.source.csv ?? null) : null,
        templateId: b.templateId ?? null,
        body: b.body ?? null,
        subject: b.subject ?? null,
        connectionId: b.connectionId ?? null,
        jobId: b.jobId ?? null,
        attachmentId: b.attachmentId ?? null,
        sendAt: b.sendAt ?? null,
        senderUserId: actor.userId,
      })
    },
  )

  app.post(
    '/api/v1/messages/bulk',
    {
      schema: {
        tags: ['messages'],
        summary: 'Send (or schedule) one text to several people, whole groups and numbers, as one send',
        description:
          'Sent as a mailshot (its id is yours, so it shows under Mailshots): the texts are bulk, one debit ' +
          'covers the whole send, and it is refused as a whole with CREDITS_INSUFFICIENT (402, `details: ' +
          '{ needed, available }`) when the balance is short. Every member of a group is texted. Opted-out ' +
          'numbers, people without a mobile and numbers named twice are skipped and listed back. Sending the ' +
          'same `id` again returns the same send (200). Naming a group needs `sms.send_bulk`.',
        body: BulkSendBody,
        response: { 201: BulkSendReplySchema, 200: BulkSendReplySchema },
      },
    },
    async (request, reply) => {
      const b = request.body
      const actor = requirePermission(request, b.groupIds?.length ? 'sms.send_bulk' : 'sms.send')
      if (b.templateId && b.body)
        throw new errors.REQUEST_INVALID('give one of "templateId" or "body", not both')
      const { reply: sent, created } = await sendBulk(deps, { orgId: actor.orgId, userId: actor.userId }, b)
      return reply.status(created ? 201 : 200).send(sent)
    },
  )

  app.get(
    '/api/v1/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'A mailshot and its live progress',
        params: IdParams,
        response: { 200: CampaignSchema },
      },
    },
    async (request) =>
      toCampaignDto(deps, await requireCampaign(db, actorOf(request).orgId, request.params.id)),
  )

  app.patch(
    '/api/v1/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft mailshot',
        params: IdParams,
        body: UpdateCampaignBody,
        response: { 200: CampaignSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'sms.send_bulk')
      return toCampaignDto(deps, await changeCampaign(deps, actor.orgId, request.params.id, request.body))
    },
  )

  app.put(
    '/api/v1/campaigns/:id/csv',
    {
      schema: {
        tags,
        summary: "Upload a draft's recipient list (Content-Type: text/csv, up to 20 MB)",
        description:
          'Columns: `mobile` (required), first_name, last_name, email, job_title and custom.<key>. A row with the ' +
          'wrong number of fields refuses the file (CAMPAIGN_CSV_INVALID, every bad line in `details.rows`); a ' +
          'row with no or a bad mobile is skipped at send and listed by line in the preview.',
        params: IdParams,
        response: { 200: CampaignSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send_bulk')
      if (!request.headers['content-type']?.toLowerCase().startsWith('text/csv')) {
        throw new errors.REQUEST_INVALID('Send the file as the request body with Content-Type: text/csv')
      }
      const body = request.body as Readable
      try {
        const csvText = await readCsv(body)
        const row = await changeCampaign(deps, actor.orgId, request.params.id, {
          source: { type: 'csv' },
          csvText,
        })
        return await toCampaignDto(deps, row)
      } catch (error) {
        if (error instanceof errors.CAMPAIGN_CSV_TOO_LARGE) reply.header('connection', 'close')
        throw error
      } finally {
        if (!body.readableEnded) body.resume()
      }
    },
  )

  app.delete(
    '/api/v1/campaigns/:id',
    { schema: { tags, summary: 'Delete a draft mailshot', params: IdParams } },
    async (request, reply) => {
      await deleteCampaign(db, requirePermission(request, 'sms.send_bulk').orgId, request.params.id)
      return reply.status(204).send()
    },
  )

  app.post(
    '/api/v1/campaigns/:id/preview',
    {
      schema: {
        tags,
        summary: 'Preview a draft mailshot',
        params: IdParams,
        response: { 200: CampaignPreviewSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'sms.send_bulk')
      const row = await requireCampaign(db, actor.orgId, request.params.id)
      return previewCampaign(deps, campaignSpecOf(row, actor.userId))
    },
  )

  app.post(
    '/api/v1/campaigns/:id/launch',
    {
      schema: {
        tags,
        summary: 'Launch a draft: every text is charged at once and queued (or scheduled)',
        description:
          'Refused with CREDITS_INSUFFICIENT (402, `details: { needed, available }`) when the balance does not cover ' +
          'the whole send, and CAMPAIGN_NO_RECIPIENTS when nobody can be texted; nothing is written then. Skipped ' +
          'recipients become `not_triggered` messages (the did-not-trigger view) with the reason.',
        params: IdParams,
        body: LaunchCampaignBody,
        response: { 200: CampaignSchema },
      },
      // The body is optional: a bare POST launches without a cost check.
      preValidation: async (request) => {
        request.body ??= {}
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'sms.send_bulk')
      const row = await launchCampaign(
        deps,
        { orgId: actor.orgId, userId: actor.userId },
        request.params.id,
        {
          expectedCredits: request.body.expectedCredits,
        },
      )
      return toCampaignDto(deps, row)
    },
  )

  for (const [action, run, summary] of [
    ['pause', pauseCampaign, 'Pause: texts not yet sent are held'],
    ['resume', resumeCampaign, 'Resume a paused mailshot'],
    ['cancel', cancelCampaign, 'Cancel: texts not yet sent are cancelled and their credits refunded'],
  ] as const) {
    app.post(
      `/api/v1/campaigns/:id/${action}`,
      { schema: { tags, summary, params: IdParams, response: { 200: CampaignSchema } } },
      async (request) => {
        const actor = requirePermission(request, 'sms.send_bulk')
        return toCampaignDto(deps, await run(deps, actor.orgId, request.params.id))
      },
    )
  }

  app.post(
    '/api/v1/campaigns/:id/resend-failed',
    {
      schema: {
        tags,
        summary: "Resend the mailshot's failed texts (charged again; opted-out numbers left out)",
        params: IdParams,
        response: { 200: ResendReplySchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'sms.send_bulk')
      return resendFailedTexts(deps, { orgId: actor.orgId, userId: actor.userId }, request.params.id)
    },
  )
}
