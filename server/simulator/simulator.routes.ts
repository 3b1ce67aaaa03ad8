import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SimulateInboundBody, SimulateInboundReply } from '../../common/api/simulator'
import { errors } from '../errors'
import { actorOf } from '../http/request-actor'
import { newSimulatorMessageId } from '../provider/simulator/simulator.provider'
import type { AppDeps } from '../service-deps'
import { simulatedInbound, simulatedMessage } from './simulator.service'

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
        body: SimulateInboundBody,
        response: { 201: SimulateInboundReply },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const { from, to, connection } = await simulatedInbound(db, actor.orgId, request.body)
      const id = newSimulatorMessageId()
      const response = await app.inject({
        method: 'POST',
        url: `/webhooks/simulator/${connection.webhookToken}/inbound`,
        payload: {
          id,
          from,
          to,
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
      const message = await simulatedMessage(db, connection.id, id)
      return reply.status(201).send({ ...message, duplicate: false })
    },
  )
}
