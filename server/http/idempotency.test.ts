import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expiredKeysCutoff, IDEMPOTENCY_KEY_INTERRUPTED_AFTER_MS } from '../core/idempotency-key'
import { forgetKeysBefore } from '../idempotency/idempotency-key.repository'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('Idempotency-Key on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
  })
  afterEach(() => ctx.close())

  function post(url: string, payload: object, key?: string, actor = admin) {
    return ctx.app.inject({
      method: 'POST',
      url,
      headers: { ...actor.headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload,
    })
  }
  async function peopleNamed(lastName: string, actor = admin) {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/people?q=${lastName}`,
      headers: actor.headers,
    })
    return res.json().items.length as number
  }

  it('answers a retry with the first answer and creates one person', async () => {
    const first = await post('/api/v1/people', { lastName: 'Okafor', firstName: 'Ada' }, 'key-1')
    expect(first.statusCode).toBe(201)
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    // the same request with its fields in another order is the same request
    const again = await post('/api/v1/people', { firstName: 'Ada', lastName: 'Okafor' }, 'key-1')
    expect(again.statusCode).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.headers['content-type']).toContain('application/json')
    expect(again.json()).toEqual(first.json())
    expect(await peopleNamed('Okafor')).toBe(1)
    // without a key, or with another key, the same body makes another person
    expect((await post('/api/v1/people', { lastName: 'Okafor' }, 'key-2')).statusCode).toBe(201)
    expect((await post('/api/v1/people', { lastName: 'Okafor' })).statusCode).toBe(201)
    expect(await peopleNamed('Okafor')).toBe(3)
  })

  it('refuses the key on a different request and stores nothing for it', async () => {
    await post('/api/v1/people', { lastName: 'Okafor' }, 'key-1')
    const otherBody = await post('/api/v1/people', { lastName: 'Nwosu' }, 'key-1')
    expect(otherBody.statusCode).toBe(422)
    expect(otherBody.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' })
    expect(otherBody.json().message).toContain('POST /api/v1/people')
    const otherRoute = await post('/api/v1/groups', { name: 'Okafor' }, 'key-1')
    expect(otherRoute.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await peopleNamed('Nwosu')).toBe(0)
    const groups = await ctx.app.inject({ method: 'GET', url: '/api/v1/groups', headers: admin.headers })
    expect(groups.json().items).toHaveLength(0)
  })

  it('makes one effect of two requests at once with one key', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post('/api/v1/people', { lastName: 'Concurrent' }, 'same-key')),
    )
    const created = answers.filter((a) => a.statusCode === 201)
    const busy = answers.filter((a) => a.statusCode === 409)
    expect(created.length + busy.length).toBe(6)
    expect(created.length).toBeGreaterThanOrEqual(1)
    for (const a of busy) expect(a.json().code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS')
    // every 201 is the same person: at most one was created, the others replayed it
    expect(new Set(created.map((a) => a.json().id)).size).toBe(1)
    expect(await peopleNamed('Concurrent')).toBe(1)
    const after = await post('/api/v1/people', { lastName: 'Concurrent' }, 'same-key')
    expect(after.json().id).toBe(created[0]?.json().id)
  })

  it('gives the key back when the request is refused, so a corrected retry runs', async () => {
    const group = (await post('/api/v1/groups', { name: 'G' })).json()
    const refused = await post(`/api/v1/groups/${group.id}/members`, { personIds: ['missing-id'] }, 'k')
    expect(refused.statusCode).toBe(404)
    const person = (await post('/api/v1/people', { lastName: 'A' })).json()
    const bad = await post(`/api/v1/groups/${group.id}/members`, { personIds: [person.id] }, 'k')
    // a different body: the refused request left no trace, so this is a first request, not a reuse
    expect(bad.statusCode).toBe(200)
    expect(bad.json()).toEqual({ added: 1, memberCount: 1 })
    const replay = await post(`/api/v1/groups/${group.id}/members`, { personIds: [person.id] }, 'k')
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(replay.json()).toEqual({ added: 1, memberCount: 1 })
  })

  it('keeps keys per organization', async () => {
    const other = await createOrgWithUser(ctx, { name: 'Other agency' })
    expect((await post('/api/v1/people', { lastName: 'Okafor' }, 'shared')).statusCode).toBe(201)
    const theirs = await post('/api/v1/people', { lastName: 'Nwosu' }, 'shared', other)
    expect(theirs.statusCode).toBe(201)
    expect(theirs.headers['idempotent-replayed']).toBeUndefined()
    expect(await peopleNamed('Nwosu', other)).toBe(1)
    expect(await peopleNamed('Okafor', other)).toBe(0)
  })

  it('refuses keys that are empty, too long, not visible ASCII, or on a file upload', async () => {
    for (const key of ['', 'x'.repeat(256), 'has space', 'clé']) {
      const res = await post('/api/v1/people', { lastName: 'Bad' }, key)
      expect(res.statusCode, key).toBe(400)
      expect(res.json().code, key).toBe('IDEMPOTENCY_KEY_INVALID')
    }
    expect(await peopleNamed('Bad')).toBe(0)
    const upload = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: {
        ...admin.headers,
        'idempotency-key': 'upload-1',
        'content-type': 'multipart/form-data; boundary=x',
      },
      payload:
        '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--x--\r\n',
    })
    expect(upload.statusCode).toBe(400)
    expect(upload.json().code).toBe('IDEMPOTENCY_KEY_UNSUPPORTED')
  })

  it('never runs an interrupted request again, and forgets keys after 24 hours', async () => {
    // a process that died between taking the key and storing the answer leaves it unanswered
    await post('/api/v1/people', { lastName: 'First' }, 'fresh')
    await ctx.deps.database.db
      .updateTable('idempotency_keys')
      .set({ completed_at: null })
      .where('key', '=', 'fresh')
      .execute()
    const busy = await post('/api/v1/people', { lastName: 'First' }, 'fresh')
    expect(busy.json().code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS')
    ctx.clock.advance(IDEMPOTENCY_KEY_INTERRUPTED_AFTER_MS)
    const interrupted = await post('/api/v1/people', { lastName: 'First' }, 'fresh')
    expect(interrupted.statusCode).toBe(409)
    expect(interrupted.json().code).toBe('IDEMPOTENCY_KEY_INTERRUPTED')
    expect(await peopleNamed('First')).toBe(1)

    ctx.clock.advance(24 * 3_600_000)
    const forgotten = await forgetKeysBefore(
      ctx.deps.database.db,
      expiredKeysCutoff(ctx.clock.now()).toISOString(),
    )
    expect(forgotten).toBe(1)
    expect(
      (await post('/api/v1/people', { lastName: 'First' }, 'fresh')).headers['idempotent-replayed'],
    ).toBeUndefined()
    expect(await peopleNamed('First')).toBe(2)
  })

  it('names the header in the OpenAPI document on POST routes only', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    const header = (op: { parameters?: { in: string; name: string }[] }) =>
      op.parameters?.find((p) => p.in === 'header' && p.name === 'idempotency-key')
    expect(header(doc.paths['/api/v1/people'].post)).toBeTruthy()
    expect(header(doc.paths['/api/v1/messages'].post)).toBeTruthy()
    expect(header(doc.paths['/api/v1/people'].get)).toBeUndefined()
    expect(header(doc.paths['/api/v1/auth/login'].post)).toBeUndefined()
  })
})
