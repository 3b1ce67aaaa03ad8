import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { MOBILE } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const SENDER = '+46701740600'
const STOCKHOLM = '+46701740605'
const GOTHENBURG = '+46701740606'

describe.each(DIALECTS)("a connection's other numbers on %s", (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx, { credits: 100 })
  })
  afterEach(async () => ctx.close())

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) })

  async function sweden(numbers: string[] = [STOCKHOLM]) {
    const res = await call('POST', '/api/v1/connections', {
      provider: 'simulator',
      name: 'Sweden',
      sender: SENDER,
      numbers,
      config: { deliveryDelayMs: 0 },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json<{ id: string; numbers: string[] }>()
  }

  it('are set on create, replaced on patch and shown in every answer', async () => {
    const created = await sweden([STOCKHOLM, GOTHENBURG])
    expect(created.numbers).toEqual([STOCKHOLM, GOTHENBURG])
    expect((await call('GET', `/api/v1/connections/${created.id}`)).json().numbers).toEqual([
      STOCKHOLM,
      GOTHENBURG,
    ])
    const patched = await call('PATCH', `/api/v1/connections/${created.id}`, { numbers: [GOTHENBURG] })
    expect(patched.statusCode, patched.body).toBe(200)
    expect(patched.json().numbers).toEqual([GOTHENBURG])
    // a change that leaves them out keeps them
    const renamed = await call('PATCH', `/api/v1/connections/${created.id}`, { name: 'Sverige' })
    expect(renamed.json()).toMatchObject({ name: 'Sverige', numbers: [GOTHENBURG] })
    const listed = (await call('GET', '/api/v1/connections')).json().items as {
      id: string
      numbers: string[]
    }[]
    expect(listed.map((c) => c.numbers)).toEqual([[], [GOTHENBURG]])
    // the number that becomes the sender is no longer one of the others
    const moved = await call('PATCH', `/api/v1/connections/${created.id}`, { sender: GOTHENBURG })
    expect(moved.json()).toMatchObject({ sender: GOTHENBURG, numbers: [] })
  })

  it('refuses a number that is not E.164, listed twice, the sender, or taken by another connection', async () => {
    const bad = async (payload: object, status: number, code: string, field: string, message: string) => {
      const res = await call('POST', '/api/v1/connections', {
        provider: 'simulator',
        name: 'Sweden',
        sender: SENDER,
        ...payload,
      })
      expect(res.statusCode, res.body).toBe(status)
      expect(res.json()).toMatchObject({ code, details: { field } })
      expect(res.json().message).toContain(message)
    }
    await bad(
      { numbers: ['+46 70 174 06 05'] },
      422,
      'CONNECTION_NUMBER_INVALID',
      'numbers[0]',
      '"+46701740605"',
    )
    await bad({ numbers: [STOCKHOLM, '0701740605'] }, 422, 'CONNECTION_NUMBER_INVALID', 'numbers[1]', 'E.164')
    await bad({ numbers: [STOCKHOLM, STOCKHOLM] }, 422, 'CONNECTION_NUMBER_INVALID', 'numbers[1]', 'twice')
    await bad({ numbers: [SENDER] }, 422, 'CONNECTION_NUMBER_INVALID', 'numbers[0]', 'sender already')
    // the phone simulator every organization starts with sends from +447700900001
    await bad(
      { numbers: ['+447700900001'] },
      409,
      'CONNECTION_NUMBER_TAKEN',
      'numbers[0]',
      '"Phone simulator"',
    )

    const sweden1 = await sweden()
    await bad({ numbers: [STOCKHOLM] }, 409, 'CONNECTION_NUMBER_TAKEN', 'numbers[0]', '"Sweden"')
    const other = await call('POST', '/api/v1/connections', {
      provider: 'simulator',
      name: 'Other',
      sender: STOCKHOLM,
    })
    expect(other.statusCode).toBe(409)
    expect(other.json()).toMatchObject({ code: 'CONNECTION_NUMBER_TAKEN', details: { field: 'sender' } })
    // nothing half-made by the refusals
    const names = (await call('GET', '/api/v1/connections')).json().items.map((c: { name: string }) => c.name)
    expect(names).toEqual(['Phone simulator', 'Sweden'])

    // once its connection is disabled, the number is free for another
    expect((await call('DELETE', `/api/v1/connections/${sweden1.id}`)).statusCode).toBe(200)
    await sweden()
  })

  it('keeps a number an office sends from until the office has another', async () => {
    const created = await sweden([STOCKHOLM, GOTHENBURG])
    const office = await call('POST', '/api/v1/offices', { name: 'Stockholm', replyNumber: STOCKHOLM })
    expect(office.statusCode, office.body).toBe(201)
    const dropped = await call('PATCH', `/api/v1/connections/${created.id}`, { numbers: [GOTHENBURG] })
    expect(dropped.statusCode).toBe(409)
    expect(dropped.json()).toMatchObject({ code: 'REPLY_NUMBER_IN_USE', details: { field: 'numbers' } })
    expect(dropped.json().message).toContain('the Stockholm office')
    expect((await call('GET', `/api/v1/connections/${created.id}`)).json().numbers).toEqual([
      STOCKHOLM,
      GOTHENBURG,
    ])
    await call('PATCH', `/api/v1/offices/${office.json().id}`, { replyNumber: GOTHENBURG })
    const now = await call('PATCH', `/api/v1/connections/${created.id}`, { numbers: [GOTHENBURG] })
    expect(now.statusCode, now.body).toBe(200)
  })

  it('stores a text to another number on its connection, and the reply goes from that number', async () => {
    const created = await sweden()
    const inbound = await call('POST', '/api/v1/simulator/inbound', {
      from: MOBILE,
      to: STOCKHOLM,
      body: 'Is the job in Stockholm still open?',
    })
    expect(inbound.statusCode, inbound.body).toBe(201)
    const { messageId, conversationId } = inbound.json()
    expect((await call('GET', `/api/v1/messages/${messageId}`)).json()).toMatchObject({
      connectionId: created.id,
      to: STOCKHOLM,
      from: MOBILE,
    })
    const conversation = (await call('GET', `/api/v1/conversations/${conversationId}`)).json()
    expect(conversation.replyFrom).toEqual({
      connectionId: created.id,
      connectionName: 'Sweden',
      number: STOCKHOLM,
    })
    const reply = await call('POST', `/api/v1/conversations/${conversationId}/messages`, { body: 'It is' })
    expect(reply.json()).toMatchObject({ connectionId: created.id, from: STOCKHOLM, to: MOBILE })
  })
})
