import type { FastifyPluginAsync } from 'fastify'
import type { DomainEvents, EventName } from '../events'
import { actorOf } from '../http/request-actor'
import type { AppDeps } from '../service-deps'

const ORG_EVENTS: EventName[] = [
  'message.created',
  'message.status_changed',
  'conversation.updated',
  'campaign.progressed',
]

/**
 * Server-Sent Events for one signed-in user: organization-wide message and conversation events, and
 * the user's own notifications. A comment line every 25 s keeps proxies from closing the stream.
 */
export const eventsRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  const open = new Set<() => void>()
  app.addHook('onClose', async () => {
    for (const close of open) close()
  })
  app.get(
    '/api/v1/events',
    {
      schema: {
        tags: ['realtime'],
        summary:
          'Server-Sent Events: message.created, message.status_changed, conversation.updated, notification.created',
      },
    },
    (request, reply) => {
      const actor = actorOf(request)
      reply.hijack()
      const raw = reply.raw
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      raw.write('retry: 3000\n\n')
      const send = (name: string, payload: unknown) =>
        raw.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
      const unsubscribe = ORG_EVENTS.map((name) =>
        deps.events.on(name, (payload: DomainEvents[typeof name]) => {
          if (payload.orgId === actor.orgId) send(name, payload)
        }),
      )
      unsubscribe.push(
        deps.events.on('notification.created', (payload) => {
          if (payload.userId === actor.userId && payload.orgId === actor.orgId)
            send('notification.created', payload)
        }),
      )
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 25_000)
      const close = () => {
        clearInterval(keepAlive)
        for (const off of unsubscribe) off()
        open.delete(close)
        raw.end()
      }
      open.add(close)
      request.raw.on('close', close)
    },
  )
}
