import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import { Body, Nullable } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf } from '../auth/auth.plugin'
import { type Connection, listConnections } from '../connection/connection.repository'
import { parsePhone } from '../core/phone'
import { errors } from '../errors'
import { findMessageByProviderId } from '../message/message.repository'
import { getOrganization } from '../organization/organization.service'
import { newSimulatorMessageId } from '../provider/simulator/simulator.provider'

/**
 * The simulator connection a text is sent to: the one whose number is `to`, else the first. A `to`
 * that is not one of the organization's simulator numbers is refused, naming the numbers there are,
 * rather than quietly sent to another.
 */
function simulatorFor(
  simulators: readonly Connection[],
  to: string | undefined,
  country: string,
): Connection {
  if (simulators.length === 0) throw new errors.CONNECTION_NOT_FOUND('phone simulator (add one in settings)')
  if (to === undefined) return simulators[0]!
  const numbers = simulators.map((c) => c.sender).join(', ')
  const parsed = parsePhone(to, country)
  // Simulator numbers may sit in ranges kept for fiction (+44 7700 900...), which the phone library
  // does not count as valid: those are matched as written, less spaces and punctuation.
  const wanted = parsed.e164 ?? to.replace(/[\s().-]/g, '')
  const found = simulators.find((c) => c.sender === wanted)
  if (!found) {
    throw new errors.SIMULATOR_NUMBER_UNKNOWN(
      `"${to}"`,
      simulators.length === 1 ? 'number is' : 'numbers are',
      numbers,
    )
  }
  return found
}

/**
 * "Reply as the recipient": posts a webhook to the organization's simulator connection exactly as a
 * real provider would, so a simulated reply travels the same inbound path as a real one.
 */
export const simulatorRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db

  app.post(
    '/api/v1/simulator/inbound',
    {
      schema: {
        tags: ['simulator'],
        summary: 'Send a text to Parley as if from a phone, through the phone simulator',
        body: Body({
          from: Type.String({ minLength: 1, maxLength: 40, description: 'The phone number texting in' }),
          body: Type.String({ minLength: 1, maxLength: 1600 }),
          to: Type.Optional(
            Type.String({
              maxLength: 40,
              description: "The simulator connection's number (default: the first)",
            }),
          ),
        }),
        response: {
          201: Type.Object({
            messageId: Type.String(),
            conversationId: Nullable(Type.String()),
            duplicate: Type.Boolean(),
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const org = await getOrganization(db, actor.orgId)
      const from = parsePhone(request.body.from, org.settings.defaultCountry)
      if (!from.valid || !from.e164)
        throw new errors.PHONE_NUMBER_INVALID(`from "${request.body.from}" ${from.reason}`)
      const simulators = (await listConnections(db, actor.orgId)).filter(
        (c) => c.provider === 'simulator' && !c.disabledAt,
      )
      const connection = simulatorFor(simulators, request.body.to, org.settings.defaultCountry)
      const id = newSimulatorMessageId()
      const response = await app.inject({
        method: 'POST',
        url: `/webhooks/simulator/${connection.webhookToken}/inbound`,
        payload: {
          id,
          from: from.e164,
          to: connection.sender,
          body: request.body.body,
          receivedAt: deps.clock.now().toISOString(),
        },
      })
      if (response.statusCode !== 200) {
        if (response.json<{ code?: string }>().code === 'CONNECTION_CREDENTIALS_UNREADABLE')
          throw new errors.CONNECTION_CREDENTIALS_UNREADABLE(connection.name)
        throw new Error(`Simulator webhook answered ${response.statusCode}: ${response.body}`)
      }
      // The webhook answered once the text was safe; it is in its conversation a moment later.
      await deps.inbound.whenStored(connection.id, id)
      const message = await findMessageByProviderId(db, connection.id, id)
      if (!message) throw new Error('Simulated message was not stored')
      return reply
        .status(201)
        .send({ messageId: message.id, conversationId: message.conversation_id, duplicate: false })
    },
  )
}
