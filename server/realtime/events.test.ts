import { request } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser } from '../test/fixtures'
import { createPerson, send, simulateReply } from '../test/messaging-helpers'
import { createTestApp, type TestContext } from '../test/setup'

/** Reads SSE frames from a live server until `count` named events arrived (bounded by the test timeout). */
async function readEvents(
  url: string,
  headers: Record<string, string>,
  count: number,
  start: () => Promise<void>,
) {
  const res = await request(url, { headers })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toContain('text/event-stream')
  const events: { event: string; data: Record<string, unknown> }[] = []
  let buffer = ''
  let started = false
  for await (const chunk of res.body) {
    buffer += chunk.toString()
    if (!started) {
      started = true
      await start()
    }
    let end = buffer.indexOf('\n\n')
    while (end >= 0) {
      const frame = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const name = /^event: (.+)$/m.exec(frame)?.[1]
      const data = /^data: (.+)$/m.exec(frame)?.[1]
      if (name && data) events.push({ event: name, data: JSON.parse(data) })
      end = buffer.indexOf('\n\n')
    }
    if (events.length >= count) break
  }
  res.body.destroy()
  return events
}

describe('realtime events (SSE)', () => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp('sqlite')
    await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterEach(() => ctx.close())

  it('streams a reply and its notification, and nothing of another organization', async () => {
    const admin = await createOrgWithUser(ctx)
    const rita = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const other = await createOrgWithUser(ctx)
    const personId = await createPerson(ctx, admin)
    const sent = (await send(ctx, rita, { personId, body: 'Hello' })).json()
    const address = ctx.app.server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const url = `http://127.0.0.1:${port}/api/v1/events`

    const [ritaEvents, otherEvents] = await Promise.all([
      readEvents(url, rita.headers, 3, async () => {
        await simulateReply(ctx, admin, '+447911123456', 'Yes please')
      }),
      readEvents(url, other.headers, 1, async () => {
        await simulateReply(ctx, other, '+447911123457', 'Other org')
      }),
    ])
    expect(ritaEvents.map((e) => e.event)).toEqual([
      'message.created',
      'conversation.updated',
      'notification.created',
    ])
    expect(ritaEvents[0]?.data).toMatchObject({
      conversationId: sent.conversationId,
      direction: 'inbound',
      orgId: admin.orgId,
    })
    expect(otherEvents.every((e) => e.data.orgId === other.orgId)).toBe(true)
  })
})
