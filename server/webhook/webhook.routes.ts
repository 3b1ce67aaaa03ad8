import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { AppDeps } from '../app'
import { webhookConnectionLookup } from '../connection/connection.service'
import { errors } from '../errors'
import { applyStatusUpdates } from '../message/status.service'
import type { WebhookRequest } from '../provider/provider'

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string
  }
}

interface WebhookParams {
  provider: string
  token: string
  kind: 'inbound' | 'status'
}

function toWebhookRequest(request: FastifyRequest, publicBaseUrl: string): WebhookRequest {
  const headers: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(request.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v
  return {
    method: request.method,
    // Providers sign the URL they called: rebuild it from the configured public base URL.
    url: `${publicBaseUrl}${request.url}`,
    headers,
    rawBody: request.rawBody ?? '',
    body: request.body ?? {},
    query: request.query as Record<string, string | undefined>,
  }
}

/**
 * Provider webhooks: `/webhooks/<provider>/<connection token>/inbound|status`. The connection comes
 * from the unguessable token in the URL, never from the payload; the signature is checked with that
 * connection's secret; we answer 200 only after the text is stored (as a receipt, see
 * inbound-pipeline.ts), so a provider retries on failure.
 */
export const webhookRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  // Texts already answered for are put in their conversations before the app lets go of the database.
  app.addHook('onClose', () => deps.inbound.settled())
  const connectionFor = webhookConnectionLookup(deps.database.db)
  for (const type of ['application/x-www-form-urlencoded', 'application/json', 'text/plain']) {
    app.removeContentTypeParser(type)
    app.addContentTypeParser(type, { parseAs: 'string' }, (request, body, done) => {
      const text = String(body)
      request.rawBody = text
      if (type === 'application/x-www-form-urlencoded') {
        done(null, Object.fromEntries(new URLSearchParams(text)))
        return
      }
      if (type === 'text/plain' || text.trim() === '') {
        done(null, {})
        return
      }
      try {
        done(null, JSON.parse(text))
      } catch {
        done(new errors.REQUEST_INVALID('Webhook body is not valid JSON'), undefined)
      }
    })
  }

  const handler = async (
    request: FastifyRequest<{ Params: WebhookParams }>,
    reply: import('fastify').FastifyReply,
  ) => {
    const { provider: providerId, token, kind } = request.params
    const connection = await connectionFor(token)
    if (!connection || connection.provider !== providerId) throw new errors.WEBHOOK_NOT_FOUND()
    let provider: ReturnType<typeof deps.providers.forConnectionRow>
    try {
      provider = deps.providers.forConnectionRow(connection)
    } catch (error) {
      // 503: the provider sends it again later, by when the key may be back or the settings entered again.
      if (error instanceof errors.CONNECTION_CREDENTIALS_UNREADABLE)
        request.log.warn({ connectionId: connection.id, kind }, 'webhook refused: credentials unreadable')
      throw error
    }
    const webhook = toWebhookRequest(request, deps.config.publicBaseUrl)
    const verdict = provider.verifyWebhook(webhook)
    if (verdict !== 'valid') {
      request.log.warn({ connectionId: connection.id, verdict }, 'webhook refused')
      throw new errors.WEBHOOK_SIGNATURE_INVALID(verdict === 'missing_signature' ? 'missing' : 'invalid')
    }
    let stored = 0
    let duplicates = 0
    if (kind === 'inbound') {
      const outcomes = await Promise.all(
        provider.parseInbound(webhook).map((sms) => deps.inbound.submit({ connection, sms })),
      )
      for (const outcome of outcomes) {
        if (outcome.duplicate) duplicates += 1
        else stored += 1
      }
    } else {
      stored = await applyStatusUpdates(deps, connection.id, provider.parseStatus(webhook))
    }
    const answer = provider.webhookReply?.(kind)
    if (answer) return reply.header('content-type', answer.contentType).send(answer.body)
    return { stored, duplicates }
  }

  for (const kind of ['inbound', 'status'] as const) {
    app.post<{ Params: WebhookParams }>(
      `/webhooks/:provider/:token/${kind}`,
      { schema: { hide: true }, config: { providerInput: true } },
      (request, reply) => {
        request.params.kind = kind
        return handler(request, reply)
      },
    )
  }
}
