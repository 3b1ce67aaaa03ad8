import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestContext } from '../test/setup'

/**
 * Every /api/v1 operation that answers JSON declares its response schema: it is the contract the web
 * app's types derive from, and Fastify serializes the answer through it. The exceptions are named here.
 */

/** Operations that answer 204 No Content. */
const NO_CONTENT = [
  'POST /api/v1/auth/logout',
  'DELETE /api/v1/api-keys/{id}',
  'DELETE /api/v1/offices/{id}',
  'DELETE /api/v1/teams/{id}',
  'DELETE /api/v1/people/{id}',
  'DELETE /api/v1/companies/{id}',
  'DELETE /api/v1/jobs/{id}',
  'DELETE /api/v1/placements/{id}',
  'DELETE /api/v1/forwarding-rules/{id}',
  'DELETE /api/v1/groups/{id}',
  'DELETE /api/v1/groups/{id}/members/{personId}',
  'DELETE /api/v1/routing-rules/{id}',
  'PUT /api/v1/connections/{id}/failover',
  'POST /api/v1/opt-outs/add',
  'POST /api/v1/opt-outs/remove',
  'POST /api/v1/conversations/{id}/read',
  'POST /api/v1/conversations/{id}/delete',
  'POST /api/v1/conversations/{id}/restore',
  'PUT /api/v1/conversations/{id}/incoming-users/{userId}',
  'DELETE /api/v1/conversations/{id}/incoming-users/{userId}',
  'DELETE /api/v1/templates/{id}',
  'DELETE /api/v1/campaigns/{id}',
  'DELETE /api/v1/attachments/{id}',
]

/** Operations whose answer is not (only) JSON: a CSV download, an event stream. */
const NOT_JSON = [
  'GET /api/v1/credits/ledger', // a JSON page, or the whole log as CSV with format=csv
  'GET /api/v1/events', // server-sent events
  'POST /api/v1/templates/{id}/document/render', // the person's PDF
]

type Operation = { responses?: Record<string, { content?: unknown }> }

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestApp('sqlite')
})
afterAll(async () => ctx.close())

async function operations() {
  const docs = (await ctx.app.inject({ url: '/api/docs/json' })).json<{
    paths: Record<string, Record<string, Operation>>
  }>()
  return Object.entries(docs.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const schemas = Object.entries(op.responses ?? {}).filter(([code, r]) => /^2/.test(code) && r.content)
        return { name: `${method.toUpperCase()} ${path}`, declared: schemas.length > 0 }
      }),
    )
}

describe('the OpenAPI document', () => {
  it('declares a 2xx response schema for every /api/v1 operation that answers JSON', async () => {
    const ops = await operations()
    const excepted = new Set([...NO_CONTENT, ...NOT_JSON])
    expect(ops.filter((op) => !op.declared && !excepted.has(op.name)).map((op) => op.name)).toEqual([])
  })

  it('names only operations that exist and still have no response schema as exceptions', async () => {
    const undeclared = new Set((await operations()).filter((op) => !op.declared).map((op) => op.name))
    const stale = [...NO_CONTENT, ...NOT_JSON].filter((n) => !undeclared.has(n))
    expect(stale).toEqual([])
  })
})
