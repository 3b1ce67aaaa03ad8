import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { attachmentRoutes } from './attachment/attachment.routes'
import { downloadRoutes } from './attachment/download.routes'
import { authPlugin } from './auth/auth.plugin'
import { authRoutes } from './auth/auth.routes'
import { campaignRoutes } from './campaign/campaign.routes'
import { companyRoutes } from './company/company.routes'
import { connectionRoutes } from './connection/connection.routes'
import { conversationRoutes } from './conversation/conversation.routes'
import { creditRoutes } from './credit/credit.routes'
import { emailRoutes } from './email/email.routes'
import { forwardingRoutes } from './forwarding/forwarding.routes'
import { groupRoutes } from './group/group.routes'
import { frameworkErrors, installErrorHandler, MAX_PARAM_LENGTH } from './http/error-handler'
import { documentIdempotencyKey, idempotencyPlugin } from './http/idempotency.plugin'
import { installInputHygiene } from './http/input-hygiene'
import { withRedaction } from './http/log-redaction'
import { serializerCompiler, validatorCompiler } from './http/validation'
import { webRoutes } from './http/web.routes'
import { inboundFailureRoutes } from './inbound/inbound-failures.routes'
import { interviewRoutes } from './interview/interview.routes'
import { interviewPageRoutes } from './interview/interview-page.routes'
import { jobRoutes } from './job/job.routes'
import { messageRoutes } from './message/message.routes'
import { notificationRoutes } from './notification/notification.routes'
import { operatorRoutes } from './operator/operator.routes'
import { healthRoutes } from './ops/health.routes'
import { createMetrics } from './ops/metrics'
import { optOutRoutes } from './opt-out/opt-out.routes'
import { officeTeamRoutes } from './organization/office-team.routes'
import { organizationRoutes } from './organization/organization.routes'
import { recordSendRoutes } from './outbound/record-send.routes'
import { sendRoutes } from './outbound/send.routes'
import { personRoutes } from './person/person.routes'
import { placementRoutes } from './placement/placement.routes'
import { previewRoutes } from './preview/preview.routes'
import { eventsRoutes } from './realtime/events.routes'
import { routingRoutes } from './routing/routing.routes'
import type { AppDeps } from './service-deps'
import { simulatorRoutes } from './simulator/simulator.routes'
import { templateRoutes } from './template/template.routes'
import { userRoutes } from './user/user.routes'
import { webhookRoutes } from './webhook/webhook.routes'

/** Builds the HTTP app. It never listens: `main.ts` does, tests use `app.inject()`. */
export async function buildApp(
  deps: AppDeps,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withRedaction(options.logger ?? false),
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandler(app)
  installInputHygiene(app)

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Parley API',
        version: '1',
        description:
          'Two-way SMS for recruitment teams. Authenticate with `Authorization: Bearer <API key>`; ' +
          'errors have the shape `{ statusCode, code, error, message }` with stable codes.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
          operatorToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              'A platform operator token (`parley operator-token create`), for /api/operator/v1 only',
          },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: documentIdempotencyKey,
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })
  await app.register(cookie)
  await app.register(rateLimit, { global: false })
  await app.register(authPlugin, {
    db: deps.database.db,
    clock: deps.clock,
    sessionTtlHours: deps.config.sessionTtlHours,
  })
  await app.register(idempotencyPlugin, {
    db: deps.database.db,
    clock: deps.clock,
    log: (msg, error) => app.log.error({ err: error }, msg),
  })

  const metrics = createMetrics(app, deps.database.db)
  await app.register(healthRoutes, { deps, metrics })
  await app.register(authRoutes, { deps })
  await app.register(organizationRoutes, { deps })
  await app.register(officeTeamRoutes, { deps })
  await app.register(userRoutes, { deps })
  await app.register(personRoutes, { deps })
  await app.register(companyRoutes, { deps })
  await app.register(jobRoutes, { deps })
  await app.register(placementRoutes, { deps })
  await app.register(groupRoutes, { deps })
  await app.register(previewRoutes, { deps })
  await app.register(messageRoutes, { deps })
  await app.register(sendRoutes, { deps })
  await app.register(inboundFailureRoutes, { deps })
  await app.register(recordSendRoutes, { deps })
  await app.register(routingRoutes, { deps })
  await app.register(optOutRoutes, { deps })
  await app.register(forwardingRoutes, { deps })
  await app.register(emailRoutes, { deps })
  await app.register(connectionRoutes, { deps })
  await app.register(conversationRoutes, { deps })
  await app.register(notificationRoutes, { deps })
  await app.register(creditRoutes, { deps })
  await app.register(simulatorRoutes, { deps })
  await app.register(eventsRoutes, { deps })
  await app.register(webhookRoutes, { deps })
  await app.register(operatorRoutes, { deps })
  await app.register(templateRoutes, { deps })
  await app.register(campaignRoutes, { deps })
  await app.register(interviewRoutes, { deps })
  await app.register(interviewPageRoutes, { deps })
  await app.register(attachmentRoutes, { deps })
  await app.register(downloadRoutes, { deps })
  await app.register(webRoutes)
  return app
}
