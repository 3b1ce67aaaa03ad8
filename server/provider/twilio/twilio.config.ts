import { type Static, Type } from 'typebox'

/**
 * Settings of a Twilio connection. A sender is needed: `from` (a Twilio number in E.164; replies need a
 * number, so alphanumeric sender ids are not offered) or a Messaging Service that picks one from its pool.
 */
export const twilioConfigSchema = Type.Object(
  {
    accountSid: Type.String({
      pattern: '^AC[0-9a-fA-F]{32}$',
      title: 'Account SID',
      description: 'Starts with AC, from the Twilio console home page',
    }),
    authToken: Type.String({ minLength: 16, title: 'Auth token' }),
    from: Type.Optional(
      Type.String({
        pattern: '^\\+[1-9][0-9]{6,14}$',
        title: 'Sender',
        description: 'Your Twilio number in international form without spaces (+447700900000)',
      }),
    ),
    messagingServiceSid: Type.Optional(
      Type.String({ pattern: '^MG[0-9a-fA-F]{32}$', title: 'Messaging Service SID' }),
    ),
  },
  {
    additionalProperties: false,
    anyOf: [{ required: ['from'] }, { required: ['messagingServiceSid'] }],
  },
)

export type TwilioConfig = Static<typeof twilioConfigSchema>

export const twilioSecretFields = ['authToken'] as const
