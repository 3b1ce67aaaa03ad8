import { finished, PassThrough, type Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  BULK_UPSERT_MAX,
  BulkUpsertPeopleBody,
  BulkUpsertReport,
  CreatePersonBody,
  ImportPeopleQuery,
  ImportReport,
  ListPeopleQuery,
  PersonSchema,
  UpdatePersonBody,
} from '../../common/api/people'
import { ErrorReply, IdParams, Page } from '../../common/api/schema'
import { errors } from '../errors'
import { refuseNulBytes } from '../http/input-hygiene'
import { actorOf, requirePermission } from '../http/request-actor'
import { putByExternalId } from '../records/external-id.routes'
import type { AppDeps } from '../service-deps'
import {
  bulkUpsertPeople,
  changePerson,
  createPerson,
  deletePerson,
  requirePerson,
  searchPeople,
  upsertPersonByExternalId,
} from './person.service'
import { importPeople } from './person-import.service'

/** Imports stream through the parser, so they may be far larger than a JSON body. */
export const IMPORT_BODY_LIMIT_BYTES = 50 * 1_048_576
const BULK_UPSERT_BODY_LIMIT_BYTES = 20 * 1_048_576

/** The request body, ending with IMPORT_CSV_TOO_LARGE past the limit; early exits leave the socket open. */
export async function* limitedBody(body: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let total = 0
  for await (const chunk of body) {
    total += chunk.length
    if (total > limit) throw new errors.IMPORT_CSV_TOO_LARGE(String(limit))
    yield chunk
  }
}

export const personRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const serviceDeps = { db, clock: deps.clock }
  const tags = ['people']

  // Scoped to this plugin: the body reaches the handler unread, as a stream.
  app.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload))

  app.get(
    '/api/v1/people',
    {
      schema: {
        tags,
        summary: 'Search people (candidates and contacts), newest first',
        description: 'Every filter narrows the result. Pass `nextCursor` back as `cursor` for the next page.',
        querystring: ListPeopleQuery,
        response: { 200: Page(PersonSchema) },
      },
    },
    async (request) => searchPeople(db, actorOf(request).orgId, request.query),
  )

  app.post(
    '/api/v1/people',
    {
      schema: {
        tags,
        summary: 'Create a person',
        body: CreatePersonBody,
        response: { 201: PersonSchema, 422: ErrorReply },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      return reply.status(201).send(await createPerson(serviceDeps, actor.orgId, request.body))
    },
  )

  app.post(
    '/api/v1/people/import',
    {
      schema: {
        tags,
        summary: 'Import people from a CSV file (Content-Type: text/csv)',
        description:
          'All valid rows are written in one transaction. By default one invalid row imports nothing and ' +
          'the 422 answer lists every invalid row in `details.rejected`; with `skipInvalid=true` the valid ' +
          'rows are imported and the invalid ones reported. See docs/records.md for the columns.',
        querystring: ImportPeopleQuery,
        response: { 200: ImportReport, 422: ErrorReply },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      if (!request.headers['content-type']?.toLowerCase().startsWith('text/csv')) {
        throw new errors.REQUEST_INVALID('Send the file as the request body with Content-Type: text/csv')
      }
      const body = request.body as Readable
      // The parser reads a copy: stopping early (a header error) destroys the copy, not the request,
      // whose socket must stay open for the answer. The unread rest is then drained, or for an
      // oversize upload the connection is closed after the answer.
      const copy = new PassThrough()
      body.pipe(copy)
      // pipe() does not pass on a client that goes away mid-upload; without this the parser would wait.
      finished(body, (error) => {
        if (error) copy.destroy(error)
      })
      try {
        return await importPeople(
          serviceDeps,
          actor.orgId,
          limitedBody(refuseNulBytes(copy), IMPORT_BODY_LIMIT_BYTES),
          {
            skipInvalid: request.query.skipInvalid ?? false,
          },
        )
      } catch (error) {
        if (error instanceof errors.IMPORT_CSV_TOO_LARGE) reply.header('connection', 'close')
        throw error
      } finally {
        body.unpipe(copy)
        copy.destroy()
        if (!body.readableEnded) body.resume()
      }
    },
  )

  putByExternalId(app, {
    collection: 'people',
    kind: 'person',
    required: 'a firstName or a lastName',
    tags,
    body: UpdatePersonBody,
    reply: PersonSchema,
    upsert: (orgId, externalId, body) => upsertPersonByExternalId(serviceDeps, orgId, externalId, body),
  })

  app.put(
    '/api/v1/people/by-external-id',
    {
      // 5,000 people with their fields are larger than the usual body limit
      bodyLimit: BULK_UPSERT_BODY_LIMIT_BYTES,
      schema: {
        tags,
        summary: `Create or change up to ${BULK_UPSERT_MAX} people by external id in one transaction`,
        description:
          'Each row is applied as `PUT /api/v1/people/by-external-id/:externalId` would. Every row is checked ' +
          'first: one invalid row, or an external id named twice, refuses the whole batch (PEOPLE_BULK_INVALID, ' +
          'with `details.rejected` listing each bad row by its position from 1) and stores nothing.',
        body: BulkUpsertPeopleBody,
        response: { 200: BulkUpsertReport, 422: ErrorReply },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'records.manage')
      return bulkUpsertPeople(serviceDeps, actor.orgId, request.body)
    },
  )

  app.get(
    '/api/v1/people/:id',
    { schema: { tags, summary: 'One person', params: IdParams, response: { 200: PersonSchema } } },
    async (request) => requirePerson(db, actorOf(request).orgId, request.params.id),
  )

  app.patch(
    '/api/v1/people/:id',
    {
      schema: {
        tags,
        summary: 'Change a person; only the fields sent change',
        params: IdParams,
        body: UpdatePersonBody,
        response: { 200: PersonSchema, 422: ErrorReply },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'records.manage')
      return changePerson(serviceDeps, actor.orgId, request.params.id, request.body)
    },
  )

  app.delete(
    '/api/v1/people/:id',
    { schema: { tags, summary: 'Delete a person (they leave lists and mailshots)', params: IdParams } },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      await deletePerson(serviceDeps, actor.orgId, request.params.id)
      return reply.status(204).send()
    },
  )
}
