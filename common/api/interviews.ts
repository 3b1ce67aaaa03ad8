import { type Static, Type } from 'typebox'
import { Body, Nullable, PageQuery } from './schema'

export const INTERVIEW_STATUSES = ['invited', 'confirmed', 'change_requested', 'cancelled'] as const
export const InterviewStatus = Type.Union([
  Type.Literal('invited'),
  Type.Literal('confirmed'),
  Type.Literal('change_requested'),
  Type.Literal('cancelled'),
])
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number]

export const MAX_INTERVIEW_SLOTS = 10

export const CreateInterviewBody = Body({
  personId: Type.String({ minLength: 1, maxLength: 100, description: 'The candidate' }),
  jobId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  title: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'Defaults to "Interview: <job title>"' }),
  ),
  location: Type.Optional(Type.String({ maxLength: 300 })),
  durationMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 480, default: 30 })),
  slots: Type.Array(Type.String({ format: 'date-time' }), {
    minItems: 1,
    maxItems: MAX_INTERVIEW_SLOTS,
    description: 'Proposed start times; the candidate confirms one or asks for another',
  }),
  timeZone: Type.Optional(
    Type.String({
      maxLength: 64,
      description: "IANA zone the candidate sees times in; defaults to the candidate's, then yours, then UTC",
    }),
  ),
  templateId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  body: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 5000,
      description: 'Liquid text; must contain {{ interview.link }}',
    }),
  ),
  connectionId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  expiresAt: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'When the link stops working; defaults to the last slot',
    }),
  ),
  allowEmptyFields: Type.Optional(
    Type.Boolean({ description: 'Send even if the text prints fields that are empty for this candidate' }),
  ),
})
export type CreateInterviewBody = Static<typeof CreateInterviewBody>

export const InterviewSlotSchema = Type.Object({ id: Type.String(), startsAt: Type.String() })

export const InterviewSchema = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  jobId: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  title: Type.String(),
  location: Nullable(Type.String()),
  durationMinutes: Type.Integer(),
  timeZone: Type.String(),
  status: InterviewStatus,
  slots: Type.Array(InterviewSlotSchema),
  confirmedSlotId: Nullable(Type.String()),
  answerNote: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  /** The candidate's page; expires at `expiresAt`. */
  link: Type.String(),
  expiresAt: Type.String(),
  messageId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})
export type InterviewDto = Static<typeof InterviewSchema>

export const ListInterviewsQuery = Type.Object({
  personId: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(InterviewStatus),
  ...PageQuery,
})
