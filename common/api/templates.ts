import { type Static, Type } from 'typebox'
import { Body, Nullable } from './schema'

export const TEMPLATE_CATEGORIES = [
  'general',
  'interview_invitation',
  'offer',
  'reminder',
  'marketing',
  'rejection',
] as const
export const TemplateCategory = Type.Union([
  Type.Literal('general'),
  Type.Literal('interview_invitation'),
  Type.Literal('offer'),
  Type.Literal('reminder'),
  Type.Literal('marketing'),
  Type.Literal('rejection'),
])
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number]

/** Categories that may not go by SMS unless an admin says otherwise (seed 003: rejections). */
export const SMS_BLOCKED_BY_DEFAULT: readonly TemplateCategory[] = ['rejection']

export const TemplateBodyText = Type.String({
  minLength: 1,
  maxLength: 5000,
  description:
    'Liquid text with merge fields, e.g. `Hi {{ person.first_name }}`. Fields: person.* (first_name, last_name, ' +
    'full_name, mobile, email, job_title, kind, custom.<key>), company.*, job.*, placement.*, interview.* ' +
    '(link, title, location, date, time, slots, duration_minutes, expires), user.*, office.*, organization.name',
})

export const TemplateDocumentSchema = Type.Object({
  title: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Liquid text, the same merge fields as the SMS',
  }),
  body: Type.String({
    minLength: 1,
    maxLength: 20000,
    description:
      'Liquid text with the same merge fields as the SMS; a blank line starts a new paragraph. Rendered per ' +
      'recipient to a PDF in a standard font: only Western European (Windows-1252) characters are printable.',
  }),
})
export type TemplateDocument = Static<typeof TemplateDocumentSchema>

export const TemplateSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  category: TemplateCategory,
  body: Type.String(),
  smsAllowed: Type.Boolean(),
  /** Merge fields the text uses, e.g. `person.first_name`. */
  fields: Type.Array(Type.String()),
  /** Rendered per recipient to a PDF sent as their download link; null when the template has none. */
  document: Nullable(TemplateDocumentSchema),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})
export type TemplateDto = Static<typeof TemplateSchema>

export const CreateTemplateBody = Body({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  category: Type.Optional(TemplateCategory),
  body: TemplateBodyText,
  smsAllowed: Type.Optional(
    Type.Boolean({ description: 'Defaults to false for rejections and true for every other category' }),
  ),
  document: Type.Optional(Nullable(TemplateDocumentSchema)),
})

export const UpdateTemplateBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  category: Type.Optional(TemplateCategory),
  body: Type.Optional(TemplateBodyText),
  smsAllowed: Type.Optional(Type.Boolean()),
  document: Type.Optional(Nullable(TemplateDocumentSchema)),
})

export const ListTemplatesQuery = Type.Object({
  category: Type.Optional(TemplateCategory),
  smsOnly: Type.Optional(Type.Boolean({ description: 'Only templates that may go by SMS' })),
})

export const RenderTemplateBody = Body({
  personId: Type.String({ minLength: 1, maxLength: 100 }),
  jobId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  placementId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  interviewId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
})

export const CheckTemplateBody = Body({ body: TemplateBodyText })

export const TemplateProblemSchema = Type.Object({
  message: Type.String(),
  line: Nullable(Type.Integer()),
  column: Nullable(Type.Integer()),
})

export const CheckTemplateReply = Type.Object({
  valid: Type.Boolean(),
  fields: Type.Array(Type.String()),
  problems: Type.Array(TemplateProblemSchema),
})

export const RenderTemplateReply = Type.Object({
  body: Type.String(),
  /** Fields the text prints that are empty for this person: fill them in or use `| default: "..."`. */
  missingFields: Type.Array(Type.String()),
  encoding: Type.String(),
  segments: Type.Integer(),
  credits: Type.Integer(),
  smsAllowed: Type.Boolean(),
  /** The template has a document part: `body` ends with a placeholder of the recipient's download link. */
  hasDocument: Type.Boolean(),
})

export const TemplateList = Type.Object({ items: Type.Array(TemplateSchema) })

export const SendTemplateDocumentBody = Body({
  personId: Type.String({ minLength: 1, maxLength: 100 }),
  jobId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  placementId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  connectionId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  subject: Type.Optional(Type.String({ maxLength: 200 })),
  repliable: Type.Optional(Type.Boolean()),
  sendAt: Type.Optional(Type.String({ format: 'date-time' })),
  linkExpiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30 })),
})
