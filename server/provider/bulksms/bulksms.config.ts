import { type Static, Type } from 'typebox'

/**
 * Settings of a BulkSMS connection: HTTP Basic credentials, either the account's username and password
 * or (better, since it can be revoked alone) an API token's id and secret.
 */
export const bulkSmsConfigSchema = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 200,
      title: 'Username or token id',
      description: 'An API token id from BulkSMS → Settings → API Tokens, or your BulkSMS username',
    }),
    password: Type.String({ minLength: 1, maxLength: 500, title: 'Password or token secret' }),
  },
  { additionalProperties: false },
)

export type BulkSmsConfig = Static<typeof bulkSmsConfigSchema>

export const bulkSmsSecretFields = ['password'] as const
