import { Type } from 'typebox'
import { Body, Nullable } from './schema'

/** Longest body the preview accepts; well above any provider's limit (Twilio: 1,600). */
export const PREVIEW_MAX_CHARACTERS = 10_000

export const PreviewBody = Body({
  body: Type.String({ maxLength: PREVIEW_MAX_CHARACTERS }),
  /** The recipient (one of them) and time, to say whether quiet hours would hold the text. */
  personId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  sendAt: Type.Optional(Type.String({ format: 'date-time' })),
})

export const QuietHoursHold = Type.Object({
  /** When the text would go (UTC). */
  heldUntil: Type.String(),
  /** That moment on the recipient's clock, "08:00". */
  localTime: Type.String(),
  timeZone: Type.String(),
})

export const Encoding = Type.Union([Type.Literal('GSM-7'), Type.Literal('UCS-2')])

export const Gsm7ReplacementSchema = Type.Object({
  character: Type.String(),
  replacement: Type.String(),
  count: Type.Integer(),
})

export const PreviewReply = Type.Object({
  encoding: Encoding,
  segments: Type.Integer(),
  /** segments x the organization's credits per segment */
  credits: Type.Integer(),
  /** user-perceived characters */
  characters: Type.Integer(),
  /** septets (GSM-7) or UTF-16 code units (UCS-2) */
  units: Type.Integer(),
  perSegment: Type.Integer(),
  remaining: Type.Integer(),
  nonGsmCharacters: Type.Array(Type.String()),
  maxSegments: Type.Integer(),
  tooLong: Type.Boolean(),
  /** Present when replacing look-alike characters switches to GSM-7 or saves segments. */
  /** Set when quiet hours would hold this text (recipient given, not overridden): when it would go. */
  quietHours: Nullable(QuietHoursHold),
  suggestion: Nullable(
    Type.Object({
      body: Type.String(),
      replacements: Type.Array(Gsm7ReplacementSchema),
      segments: Type.Integer(),
      segmentsSaved: Type.Integer(),
      credits: Type.Integer(),
    }),
  ),
})

export const PhoneParseBody = Body({
  number: Type.String({ maxLength: 100 }),
  /** ISO 3166 alpha-2; defaults to the organization's default country. */
  defaultCountry: Type.Optional(Type.String({ minLength: 1, maxLength: 10 })),
})

export const PhoneParseReply = Type.Object({
  valid: Type.Boolean(),
  e164: Nullable(Type.String()),
  country: Nullable(Type.String()),
  /** null when the numbering plan cannot tell mobile from fixed (e.g. US numbers) */
  isMobile: Nullable(Type.Boolean()),
  type: Nullable(Type.String()),
  reason: Nullable(Type.String()),
})
