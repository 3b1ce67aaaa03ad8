import { type Static, Type } from 'typebox'

/**
 * Settings of a FireText connection: the API key only. The sender (a FireText reply number, or an
 * alphanumeric name of 3 to 11 letters and digits that cannot receive replies) is the connection's sender.
 */
export const fireTextConfigSchema = Type.Object(
  {
    apiKey: Type.String({
      minLength: 8,
      maxLength: 200,
      title: 'API key',
      description: 'From FireText: Settings → API',
    }),
  },
  { additionalProperties: false },
)

export type FireTextConfig = Static<typeof fireTextConfigSchema>

export const fireTextSecretFields = ['apiKey'] as const
