import { Type } from 'typebox'
import { PERMISSIONS } from '../permissions'
import { ROLES } from '../roles'
import { Body, Literals, Nullable } from './schema'

export const LoginBody = Body({
  email: Type.String({ format: 'email', maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1000 }),
  organization: Type.Optional(
    Type.String({
      maxLength: 100,
      description: 'Id of the organization to sign in to, when the address has accounts in several',
    }),
  ),
})

/** One of the roles of common/roles.ts, as a union of literals (as request bodies have always checked it). */
export const Role = Type.Union(Literals(ROLES))

/**
 * One of the permissions. Responses use it; request bodies take any string so that the service can
 * name the unknown ones in its REQUEST_INVALID answer.
 */
export const PermissionSchema = Type.Enum(PERMISSIONS)

/** A reply number as typed: E.164 (spaces ignored), and a number of one of the organization's connections. */
const ReplyNumberInput = Type.String({
  maxLength: 40,
  description:
    'E.164 (+46701740605; spaces are ignored), and the sender or one of the numbers of an enabled connection; null or empty: none',
})

const AssociationTypes = Type.Array(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]), {
  uniqueItems: true,
  description:
    "How the user is associated with conversations: 'incoming' users are told of replies and see the whole " +
    "history; a user with only 'outgoing' sees only the texts they sent. Never empty.",
})

const EmailReplies = Type.Boolean({
  description:
    'E-mail me replies: the replies the user is told of are also e-mailed to them, those of a few minutes in one e-mail, each with a link to its conversation',
})

export const UserSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
  permissions: Type.Array(PermissionSchema),
  officeId: Nullable(Type.String()),
  team1Id: Nullable(Type.String()),
  team2Id: Nullable(Type.String()),
  mobileE164: Nullable(Type.String()),
  replyNumber: Nullable(
    Type.String({
      description:
        "The number this user's texts go out from instead of their office's (one a connection owns); null: the office's",
    }),
  ),
  timeZone: Nullable(Type.String()),
  associationTypes: AssociationTypes,
  emailReplies: EmailReplies,
  disabledAt: Nullable(Type.String()),
  createdAt: Type.String(),
})

export const CreateUserBody = Body({
  email: Type.String({ format: 'email', maxLength: 320 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  password: Type.Optional(Type.String({ minLength: 10, maxLength: 1000 })),
  role: Role,
  permissions: Type.Optional(Type.Array(Type.String())),
  officeId: Type.Optional(Nullable(Type.String())),
  team1Id: Type.Optional(Nullable(Type.String())),
  team2Id: Type.Optional(Nullable(Type.String())),
  mobile: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  replyNumber: Type.Optional(Nullable(ReplyNumberInput)),
  timeZone: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  associationTypes: Type.Optional(AssociationTypes),
  emailReplies: Type.Optional(EmailReplies),
})

export const UpdateUserBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  password: Type.Optional(Type.String({ minLength: 10, maxLength: 1000 })),
  role: Type.Optional(Role),
  permissions: Type.Optional(Type.Array(Type.String())),
  officeId: Type.Optional(Nullable(Type.String())),
  team1Id: Type.Optional(Nullable(Type.String())),
  team2Id: Type.Optional(Nullable(Type.String())),
  mobile: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  replyNumber: Type.Optional(Nullable(ReplyNumberInput)),
  timeZone: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  associationTypes: Type.Optional(AssociationTypes),
  emailReplies: Type.Optional(EmailReplies),
  disabled: Type.Optional(Type.Boolean()),
})

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  userId: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
})

export const CreateApiKeyBody = Body({ name: Type.String({ minLength: 1, maxLength: 100 }) })

/** A keyword's answer: sent from the number that received the keyword, charged as any text. */
function KeywordReplyText(description: string) {
  return Type.String({
    maxLength: 480,
    description: `${description}. \`{{ organization.name }}\` is replaced by the organization's name.`,
  })
}

export const OrgSettingsSchema = Type.Object({
  defaultCountry: Type.String({ pattern: '^[A-Z]{2}$' }),
  retentionDays: Type.Integer({ minimum: 0, maximum: 36500 }),
  includeMarketedWhenSorting: Type.Boolean(),
  teamNotificationMode: Type.Union([
    Type.Literal('none'),
    Type.Literal('team1'),
    Type.Literal('team2'),
    Type.Literal('both'),
  ]),
  sendSubject: Type.Boolean(),
  maxSegments: Type.Integer({ minimum: 1, maximum: 30 }),
  creditsPerSegment: Type.Integer({ minimum: 0, maximum: 1000 }),
  pollIntervalMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  quietHours: Nullable(
    Type.Object(
      {
        start: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
        end: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
      },
      { additionalProperties: false },
    ),
  ),
  stopReply: KeywordReplyText('The answer to STOP and the other opt-out keywords; empty sends none'),
  startReply: KeywordReplyText('The answer to START and the other opt-in keywords; empty sends none'),
  helpReply: KeywordReplyText('The answer to HELP (who is texting and how to stop); empty sends none'),
})

export const OrganizationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  settings: OrgSettingsSchema,
  createdAt: Type.String(),
})

export const UpdateOrganizationBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  settings: Type.Optional(Type.Partial(OrgSettingsSchema, { additionalProperties: false })),
})

export const OfficeSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  replyNumber: Nullable(Type.String()),
  sendsFrom: Nullable(
    Type.Object(
      { number: Type.String(), connectionId: Type.String(), connectionName: Type.String() },
      {
        description:
          "The number and connection the office's users' texts go out from (a user's own number aside); null: routing decides",
      },
    ),
  ),
  replyNumberUnused: Nullable(
    Type.Object(
      {
        reason: Type.Union([Type.Literal('connection_disabled'), Type.Literal('not_owned')]),
        connectionName: Nullable(Type.String()),
      },
      {
        description:
          'When replyNumber is set but not used: its connection is disabled, or no connection has it (any more)',
      },
    ),
  ),
  createdAt: Type.String(),
})
export const CreateOfficeBody = Body({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  replyNumber: Type.Optional(Nullable(ReplyNumberInput)),
})
export const TeamSchema = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.String() })
export const CreateTeamBody = Body({ name: Type.String({ minLength: 1, maxLength: 200 }) })
export const UpdateOfficeBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  replyNumber: Type.Optional(Nullable(ReplyNumberInput)),
})
export const UpdateTeamBody = Body({ name: Type.String({ minLength: 1, maxLength: 200 }) })
/** A new office, as its creation answers it: with the organization it belongs to. */
export const CreatedOfficeSchema = Type.Object({ ...OfficeSchema.properties, orgId: Type.String() })
/** A new team, as its creation answers it: with the organization it belongs to. */
export const CreatedTeamSchema = Type.Object({ ...TeamSchema.properties, orgId: Type.String() })

export const UserList = Type.Object({ items: Type.Array(UserSchema) })
export const OfficeList = Type.Object({ items: Type.Array(OfficeSchema) })
export const TeamList = Type.Object({ items: Type.Array(TeamSchema) })

/** The answer to a sign-in; the session itself is an HttpOnly cookie. */
export const LoginReply = Type.Object({
  userId: Type.String(),
  orgId: Type.String(),
  csrfToken: Type.String(),
})

/** The signed-in user and organization; `csrfToken` is null for a request signed with an API key. */
/** What a user may change of their own account. */
export const UpdateMeBody = Body({
  emailReplies: Type.Optional(EmailReplies),
})

export const MeReply = Type.Object({
  user: UserSchema,
  organization: OrganizationSchema,
  csrfToken: Nullable(Type.String()),
})

/** What the web app asks on load: the signed-in user, or null with a 200 when nobody is signed in. */
export const SessionReply = Type.Object({ me: Nullable(MeReply) })

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKeySchema) })
/** A new API key: the secret is in this answer only. */
export const CreatedApiKeySchema = Type.Intersect([ApiKeySchema, Type.Object({ secret: Type.String() })])
