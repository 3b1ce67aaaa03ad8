import { type Static, Type } from 'typebox'

/**
 * Settings of a Vonage (Nexmo) SMS API connection. The signature secret is optional: with it (and
 * "signed webhooks" turned on in the Vonage dashboard) Parley checks the `sig` of every receipt and reply.
 */
export const vonageConfigSchema = Type.Object(
  {
    apiKey: Type.String({
      minLength: 1,
      maxLength: 100,
      title: 'API key',
      description: 'Vonage dashboard → API Settings',
    }),
    apiSecret: Type.String({ minLength: 1, maxLength: 200, title: 'API secret' }),
    signatureSecret: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        title: 'Signature secret',
        description: 'Vonage dashboard → API Settings → Signed webhooks; leave empty if not enabled',
      }),
    ),
    signatureMethod: Type.Optional(
      Type.Union(
        [
          Type.Literal('md5hash'),
          Type.Literal('md5'),
          Type.Literal('sha1'),
          Type.Literal('sha256'),
          Type.Literal('sha512'),
        ],
        {
          title: 'Signature method',
          description: '"md5hash" (Vonage\'s default "MD5 hash") or the HMAC digest chosen in the dashboard',
          default: 'md5hash',
        },
      ),
    ),
  },
  { additionalProperties: false },
)

export type VonageConfig = Static<typeof vonageConfigSchema>
export type VonageSignatureMethod = NonNullable<VonageConfig['signatureMethod']>

export const vonageSecretFields = ['apiSecret', 'signatureSecret'] as const
