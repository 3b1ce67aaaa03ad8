import { type Static, Type } from 'typebox'
import { Body, Nullable, PageQuery } from './schema'

export const PersonKind = Type.Union([Type.Literal('candidate'), Type.Literal('contact')])
export type PersonKind = Static<typeof PersonKind>

/** `custom.<key>` columns and `customFields` keys: letters, digits, `_`, `.` and `-`. */
export const CUSTOM_FIELD_KEY_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$'

const DateOrDateTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
  description: '`YYYY-MM-DD` (a whole UTC day) or an ISO 8601 date-time with offset',
})

/**
 * Which people a search, a list or a mailshot covers. Every field narrows the set (AND); deleted
 * people never match. Saved searches store this object as is.
 */
export const PeopleFilterProperties = {
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'Words matched against first name, last name and email (case and accents ignored), or a phone ' +
        'number matched against the mobile ("07911 123456" finds +447911123456)',
    }),
  ),
  kind: Type.Optional(PersonKind),
  tag: Type.Optional(
    Type.String({ minLength: 1, maxLength: 50, description: 'Has this tag (case ignored)' }),
  ),
  companyId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  externalId: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Has this external id' }),
  ),
  groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  hasMobile: Type.Optional(Type.Boolean()),
  createdFrom: Type.Optional(DateOrDateTime),
  createdTo: Type.Optional(DateOrDateTime),
}
export const PeopleFilter = Type.Object(PeopleFilterProperties, { additionalProperties: false })
export type PeopleFilter = Static<typeof PeopleFilter>

export const ListPeopleQuery = Type.Object({ ...PeopleFilterProperties, ...PageQuery })

/** The id of a record in the organization's ATS or CRM: 1 to 100 visible characters. */
export const ExternalId = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^\\S(.*\\S)?$',
  description:
    "The record's id in your ATS or CRM (1 to 100 characters, no spaces at either end), unique per organization",
})

const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 })
const CustomFields = Type.Record(
  Type.String({ pattern: CUSTOM_FIELD_KEY_PATTERN }),
  Type.String({ maxLength: 2000 }),
  { additionalProperties: false, maxProperties: 50 },
)

export const PersonSchema = Type.Object({
  id: Type.String(),
  kind: PersonKind,
  firstName: Type.String(),
  lastName: Type.String(),
  mobile: Nullable(Type.String({ description: 'E.164, e.g. +447911123456' })),
  email: Nullable(Type.String()),
  companyId: Nullable(Type.String()),
  jobTitle: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  timeZone: Nullable(Type.String()),
  externalId: Nullable(Type.String({ description: "The person's id in your ATS or CRM" })),
  customFields: Type.Record(Type.String(), Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

const personFields = {
  kind: Type.Optional(PersonKind),
  firstName: Type.Optional(Type.String({ maxLength: 100 })),
  lastName: Type.Optional(Type.String({ maxLength: 100 })),
  mobile: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 40,
        description: "As typed; numbers without a country code use the organization's default country",
      }),
    ),
  ),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
  companyId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
  jobTitle: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  tags: Type.Optional(Tags),
  timeZone: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'IANA, e.g. Europe/London' }))),
  customFields: Type.Optional(CustomFields),
  externalId: Type.Optional(Nullable(ExternalId)),
}

/** A person needs a first or a last name; `kind` defaults to candidate. */
export const CreatePersonBody = Body(personFields)
export type CreatePersonBody = Static<typeof CreatePersonBody>

/** Only the fields sent change; `null` clears a field; `tags` and `customFields` are replaced whole. */
export const UpdatePersonBody = Body(personFields)
export type UpdatePersonBody = Static<typeof UpdatePersonBody>

export const ImportPeopleQuery = Type.Object({
  skipInvalid: Type.Optional(
    Type.Boolean({ default: false, description: 'Import the valid rows and report the bad ones' }),
  ),
})

export const ImportRejectedRow = Type.Object({
  line: Type.Integer({ description: 'Line of the file, counting the header as line 1' }),
  reasons: Type.Array(Type.String()),
})

export const ImportReport = Type.Object({
  imported: Type.Integer(),
  companiesCreated: Type.Integer(),
  rejected: Type.Array(ImportRejectedRow),
})
export type ImportReport = Static<typeof ImportReport>

export const ExternalIdParams = Type.Object({ externalId: ExternalId })

/** The most people one bulk upsert takes. */
export const BULK_UPSERT_MAX = 5000

export const BulkUpsertPeopleBody = Type.Object(
  {
    people: Type.Array(
      Type.Object({ ...personFields, externalId: ExternalId }, { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: BULK_UPSERT_MAX,
      },
    ),
  },
  { additionalProperties: false },
)
export type BulkUpsertPeopleBody = Static<typeof BulkUpsertPeopleBody>

export const BulkUpsertReport = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  people: Type.Array(Type.Object({ externalId: Type.String(), id: Type.String(), created: Type.Boolean() })),
})
export type BulkUpsertReport = Static<typeof BulkUpsertReport>

export const BulkRejectedRow = Type.Object({
  row: Type.Integer({ description: 'Position in `people`, counting from 1' }),
  externalId: Type.String(),
  reasons: Type.Array(Type.String()),
})
