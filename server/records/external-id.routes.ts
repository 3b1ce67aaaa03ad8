import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Static, TSchema } from 'typebox'
import { ExternalIdParams } from '../../common/api/people'
import { requirePermission } from '../http/request-actor'

type TypeboxApp = Parameters<FastifyPluginAsyncTypebox>[0]

/**
 * `PUT /api/v1/<collection>/by-external-id/:externalId`: create the record (201) or change the fields
 * sent (200), found by its id in the ATS. One shape for people, companies, jobs and placements.
 */
export function putByExternalId<Body extends TSchema>(
  app: TypeboxApp,
  options: {
    collection: string
    kind: string
    /** What a new record needs, for the description: "a name". */
    required: string
    tags: string[]
    body: Body
    reply: TSchema
    upsert: (
      orgId: string,
      externalId: string,
      body: Static<Body>,
    ) => Promise<{ record: unknown; created: boolean }>
  },
): void {
  app.put(
    `/api/v1/${options.collection}/by-external-id/:externalId`,
    {
      schema: {
        tags: options.tags,
        summary: `Create or change the ${options.kind} with this external id (its id in your ATS)`,
        description:
          `Fields sent change; fields left out keep their value; a new ${options.kind} needs ${options.required}. ` +
          `Answers 201 when the ${options.kind} was created, 200 when changed. Safe to repeat.`,
        params: ExternalIdParams,
        body: options.body,
        response: { 200: options.reply, 201: options.reply },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      const { record, created } = await options.upsert(
        actor.orgId,
        request.params.externalId,
        request.body as Static<Body>,
      )
      return reply.status(created ? 201 : 200).send(record)
    },
  )
}
