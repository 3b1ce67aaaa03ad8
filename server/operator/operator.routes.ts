import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CreatedOrganizationSchema,
  CreatedUserSchema,
  CreateOrganizationBody,
  OperatorCreateUserBody,
  OrganizationSummaryList,
} from '../../common/api/operator'
import { IdParams } from '../../common/api/schema'
import { errors } from '../errors'
import type { AppDeps } from '../service-deps'
import {
  createOrganizationWithAdmin,
  createUserWithPassword,
  listOrganizations,
  operatorFromToken,
} from './operator.service'

/**
 * The platform operator's API. Registered as its own plugin so its hook guards only these routes: an
 * operator token (made by `parley operator-token create`) is the only credential; organizations'
 * API keys and sessions get 401 here, and an operator token opens nothing under `/api/v1`.
 */
export const operatorRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['operator']
  const security = [{ operatorToken: [] }]

  app.addHook('onRequest', async (request) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')
    const operator = match?.[1] ? await operatorFromToken({ db, clock: deps.clock }, match[1]) : undefined
    if (!operator) throw new errors.OPERATOR_AUTH_REQUIRED()
  })

  app.post(
    '/api/operator/v1/organizations',
    {
      schema: {
        tags,
        security,
        summary: 'Create an organization with its first admin',
        description:
          'The organization gets the default settings, the phone simulator as its default connection (so it ' +
          'can try texting at once; texts go nowhere until a provider is connected) and the credits given ' +
          '(none by default). The admin signs in with the password in this answer, which is not shown again.',
        body: CreateOrganizationBody,
        response: { 201: CreatedOrganizationSchema },
      },
    },
    async (request, reply) => {
      const created = await createOrganizationWithAdmin(
        {
          db,
          clock: deps.clock,
          secretKey: deps.config.secretKey,
          simulatorDeliveryDelayMs: deps.config.simulatorDeliveryDelayMs,
        },
        request.body,
      )
      return reply.status(201).send(created)
    },
  )

  app.get(
    '/api/operator/v1/organizations',
    {
      schema: {
        tags,
        security,
        summary: 'Every organization with its number of users and credit balance, oldest first',
        response: { 200: OrganizationSummaryList },
      },
    },
    async () => ({ items: await listOrganizations(db) }),
  )

  app.post(
    '/api/operator/v1/organizations/:id/users',
    {
      schema: {
        tags,
        security,
        summary: 'Create a user in an organization; the password is in this answer only',
        description:
          'The e-mail need only be new within this organization (409 `USER_EMAIL_TAKEN` otherwise); the ' +
          'same address may belong to users of other organizations.',
        params: IdParams,
        body: OperatorCreateUserBody,
        response: { 201: CreatedUserSchema },
      },
    },
    async (request, reply) => {
      const created = await createUserWithPassword({ db, clock: deps.clock }, request.params.id, request.body)
      return reply.status(201).send(created)
    },
  )
}
