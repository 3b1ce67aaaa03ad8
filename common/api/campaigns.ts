import { type Static, Type } from 'typebox'
import { PeopleFilter } from './people'
import { Body, Nullable, PageQuery } from './schema'
import { TemplateBodyText } from './templates'

export const MAX_CAMPAIGN_PERSON_IDS = 20_000
/** A send from compose names at most this many groups (each goes whole) and typed numbers. */
export const MAX_COMPOSE_GROUPS = 50
export const MAX_COMPOSE_NUMBERS = 1000
/** CSV text sent inside a JSON body; larger lists go to PUT /api/v1/campaigns/:id/csv. */
export const MAX_INLINE_CSV_CHARS = 900_000

const Id = Type.String({ minLength: 1, maxLength: 100 })

/** Who a mailshot goes to: a saved search (the records filter), a group, chosen people, or a CSV. */
export const CampaignSource = Type.Union([
  Type.Object({ type: Type.Literal('search'), filter: PeopleFilter }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('group'), groupId: Id }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('people'),
      personIds: Type.Array(Id, { minItems: 1, maxItems: MAX_CAMPAIGN_PERSON_IDS }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('recipients'),
      personIds: Type.Optional(Type.Array(Id, { maxItems: MAX_CAMPAIGN_PERSON_IDS })),
      groupIds: Type.Optional(Type.Array(Id, { maxItems: MAX_COMPOSE_GROUPS })),
      numbers: Type.Optional(
        Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: MAX_COMPOSE_NUMBERS }),
      ),
    },
    {
      additionalProperties: false,
      description: 'Chosen people, whole groups and typed numbers together (what compose sends to)',
    },
  ),
  Type.Object(
    {
      type: Type.Literal('csv'),
      csv: Type.Optional(
        Type.String({
          maxLength: MAX_INLINE_CSV_CHARS,
          description: 'Header `mobile` plus any of first_name, last_name, email, job_title, custom.<key>',
        }),
      ),
    },
    { additionalProperties: false },
  ),
])
export type CampaignSource = Static<typeof CampaignSource>

export const CAMPAIGN_STATUSES = [
  'draft',
  'scheduled',
  'running',
  'paused',
  'completed',
  'cancelled',
] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

export const SKIP_REASONS = [
  'no_mobile',
  'invalid_number',
  'not_mobile',
  'opted_out',
  'duplicate',
  'missing_field',
  'too_long',
  'render_failed',
  'not_found',
] as const
export type SkipReason = (typeof SKIP_REASONS)[number]

const sendFields = {
  templateId: Type.Optional(Nullable(Id)),
  body: Type.Optional(Nullable(TemplateBodyText)),
  subject: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  connectionId: Type.Optional(Nullable(Id)),
  jobId: Type.Optional(
    Nullable(Type.String({ ...Id, description: 'Fills {{ job.* }} for every recipient' })),
  ),
  attachmentId: Type.Optional(Nullable(Type.String({ ...Id, description: 'A PDF sent as a download link' }))),
  repliable: Type.Optional(Type.Boolean()),
  sendAt: Type.Optional(
    Nullable(Type.String({ format: 'date-time', description: 'Send later (within a year)' })),
  ),
  linkExpiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30 })),
}

/** Give exactly one of `templateId` or `body`. */
export const CreateCampaignBody = Body({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  source: CampaignSource,
  ...sendFields,
})
export type CreateCampaignBody = Static<typeof CreateCampaignBody>

export const UpdateCampaignBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  source: Type.Optional(CampaignSource),
  ...sendFields,
})
export type UpdateCampaignBody = Static<typeof UpdateCampaignBody>

export const PreviewCampaignBody = Body({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  source: CampaignSource,
  ...sendFields,
})

export const LaunchCampaignBody = Body({
  expectedCredits: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: 'The cost the preview showed; the launch is refused (CAMPAIGN_COST_CHANGED) if it differs',
    }),
  ),
})

export const CampaignProgress = Type.Object({
  total: Type.Integer({ description: 'Messages to send, resends included, skipped recipients not' }),
  pending: Type.Integer({ description: 'Scheduled or queued, not yet handed to the provider' }),
  paused: Type.Integer(),
  sending: Type.Integer(),
  sent: Type.Integer({ description: 'Accepted by the provider (delivered ones included)' }),
  delivered: Type.Integer(),
  failed: Type.Integer({ description: 'Failed, undelivered or outcome unknown' }),
  unknown: Type.Integer({
    description:
      'Outcome unknown (counted in failed too): may have reached the recipient; never resent by resend-failed',
  }),
  cancelled: Type.Integer(),
  notTriggered: Type.Integer({ description: 'Skipped recipients, in the did-not-trigger view' }),
  replied: Type.Integer({ description: 'Numbers that texted back after their mailshot text was sent' }),
})

export const CampaignSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.Union([
    Type.Literal('draft'),
    Type.Literal('scheduled'),
    Type.Literal('running'),
    Type.Literal('paused'),
    Type.Literal('completed'),
    Type.Literal('cancelled'),
  ]),
  source: Type.Object({
    type: Type.String(),
    filter: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    groupId: Type.Optional(Type.String()),
    personIds: Type.Optional(Type.Array(Type.String())),
    groupIds: Type.Optional(Type.Array(Type.String())),
    numbers: Type.Optional(Type.Array(Type.String())),
    csvRows: Type.Optional(Type.Integer({ description: 'Data rows in the uploaded CSV' })),
  }),
  templateId: Nullable(Type.String()),
  body: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  connectionId: Nullable(Type.String()),
  jobId: Nullable(Type.String()),
  attachmentId: Nullable(Type.String()),
  repliable: Type.Boolean(),
  sendAt: Nullable(Type.String()),
  linkExpiresInDays: Type.Integer(),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  launchedAt: Nullable(Type.String()),
  pausedAt: Nullable(Type.String()),
  cancelledAt: Nullable(Type.String()),
  launch: Nullable(
    Type.Object({
      recipients: Type.Integer(),
      skipped: Type.Integer(),
      segments: Type.Integer(),
      credits: Type.Integer(),
      refundedCredits: Type.Integer(),
    }),
  ),
  progress: CampaignProgress,
})
export type CampaignDto = Static<typeof CampaignSchema>

export const SkippedRecipientSchema = Type.Object({
  personId: Nullable(Type.String()),
  name: Type.String(),
  to: Nullable(Type.String()),
  /** CSV line, counting the header as line 1. */
  line: Nullable(Type.Integer()),
  reason: Type.Union([
    Type.Literal('no_mobile'),
    Type.Literal('invalid_number'),
    Type.Literal('not_mobile'),
    Type.Literal('opted_out'),
    Type.Literal('duplicate'),
    Type.Literal('missing_field'),
    Type.Literal('too_long'),
    Type.Literal('render_failed'),
    Type.Literal('not_found'),
  ]),
  detail: Type.String(),
})
export type SkippedRecipient = Static<typeof SkippedRecipientSchema>

export const CampaignSampleSchema = Type.Object({
  personId: Nullable(Type.String()),
  name: Type.String(),
  to: Type.String(),
  body: Type.String(),
  encoding: Type.String(),
  segments: Type.Integer(),
  credits: Type.Integer(),
})

export const CampaignPreviewSchema = Type.Object({
  recipients: Type.Integer({ description: 'People who will be texted' }),
  skipped: Type.Integer(),
  segments: Type.Integer(),
  credits: Type.Integer(),
  balance: Type.Integer(),
  enoughCredits: Type.Boolean(),
  samples: Type.Array(CampaignSampleSchema),
  skippedByReason: Type.Record(Type.String(), Type.Integer()),
  skippedRecipients: Type.Array(SkippedRecipientSchema),
  /** True when more were skipped than listed; every one is in the did-not-trigger view after launch. */
  skippedTruncated: Type.Boolean(),
  quietHours: Nullable(
    Type.Object(
      {
        held: Type.Integer({ description: 'Texts quiet hours hold to the end of the window' }),
        lastHeldUntil: Type.String({ description: 'When the last held text goes (UTC)' }),
        lastLocalTime: Type.String({ description: 'That moment on its recipient\'s clock, "08:00"' }),
        lastTimeZone: Type.String(),
      },
      { description: 'Null when quiet hours hold none of the texts' },
    ),
  ),
})
export type CampaignPreview = Static<typeof CampaignPreviewSchema>

export const ResendReplySchema = Type.Object({
  resent: Type.Integer(),
  skippedOptedOut: Type.Integer(),
  skippedUnknown: Type.Integer({
    description: 'Texts whose outcome is unknown, left alone: each is resent only alone, confirmed',
  }),
  credits: Type.Integer(),
})

export const ListCampaignsQuery = Type.Object({ ...PageQuery })

/** POST /api/v1/messages/bulk: one text to several people, groups and numbers, as one send. */
export const BulkSendBody = Body({
  id: Type.String({
    format: 'uuid',
    description: 'Your id for this send: sending the same id again returns the same send (idempotent retry)',
  }),
  personIds: Type.Optional(Type.Array(Id, { maxItems: MAX_CAMPAIGN_PERSON_IDS })),
  groupIds: Type.Optional(
    Type.Array(Id, { maxItems: MAX_COMPOSE_GROUPS, description: 'Every member is texted: no cap' }),
  ),
  numbers: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
      maxItems: MAX_COMPOSE_NUMBERS,
      description: 'Phone numbers, as typed',
    }),
  ),
  ...sendFields,
  expectedCredits: LaunchCampaignBody.properties.expectedCredits,
})
export type BulkSendBody = Static<typeof BulkSendBody>

export const BulkSendReplySchema = Type.Object({
  id: Type.String({ description: 'The send, also a mailshot: GET /api/v1/campaigns/{id} follows it' }),
  status: Type.Union([Type.Literal('queued'), Type.Literal('scheduled')]),
  sendAt: Nullable(Type.String()),
  recipients: Type.Integer({ description: 'Texts written, one per number' }),
  skipped: Type.Integer(),
  credits: Type.Integer({ description: 'Taken in one debit' }),
  skippedRecipients: Type.Array(
    Type.Object({
      personId: Nullable(Type.String()),
      to: Nullable(Type.String()),
      reason: SkippedRecipientSchema.properties.reason,
      detail: Type.String({ description: 'Why, naming the recipient' }),
    }),
    { description: 'Everyone not texted, up to 10,000' },
  ),
})
export type BulkSendReply = Static<typeof BulkSendReplySchema>
