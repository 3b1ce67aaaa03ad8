import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { countPeople, streamPeople } from './person.repository'

describe.each(DIALECTS)('people filter and pagination on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
  })
  afterEach(() => ctx.close())

  async function post(url: string, payload: object) {
    const res = await ctx.app.inject({ method: 'POST', url, headers: admin.headers, payload })
    expect(res.statusCode, res.body).toBeLessThan(300)
    return res.json()
  }
  async function names(query: string): Promise<string[]> {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/people?${query}`,
      headers: admin.headers,
    })
    expect(res.statusCode, res.body).toBe(200)
    return (res.json().items as { firstName: string }[]).map((p) => p.firstName).sort()
  }

  async function seed() {
    const acme = await post('/api/v1/companies', { name: 'Acme' })
    const bjorn = await post('/api/v1/people', {
      firstName: 'Björn',
      lastName: 'Åström',
      mobile: '+46 70 123 45 67',
      tags: ['Nurse'],
    })
    ctx.clock.advance(86_400_000)
    const ann = await post('/api/v1/people', {
      firstName: 'Ann',
      lastName: 'Smith',
      mobile: '07911 123456',
      email: 'ann.smith@example.com',
      tags: ['Java', 'London'],
      companyId: acme.id,
    })
    ctx.clock.advance(86_400_000)
    await post('/api/v1/people', {
      firstName: 'Carl',
      lastName: 'Jones',
      kind: 'contact',
      email: 'c@acme.test',
    })
    const group = await post('/api/v1/groups', { name: 'Key' })
    await post(`/api/v1/groups/${group.id}/members`, { personIds: [ann.id, bjorn.id] })
    return { acme, group }
  }

  it('filters by words, phone, kind, tag, company, group, mobile and creation date', async () => {
    const { acme, group } = await seed()
    expect(await names('q=bjorn')).toEqual(['Björn'])
    expect(await names('q=ASTROM')).toEqual(['Björn'])
    expect(await names('q=ann%20smith')).toEqual(['Ann'])
    expect(await names('q=ann.smith%40example')).toEqual(['Ann'])
    expect(await names('q=07911%20123456')).toEqual(['Ann'])
    expect(await names('q=%2B4670')).toEqual(['Björn'])
    expect(await names('q=100%25')).toEqual([])
    expect(await names('kind=contact')).toEqual(['Carl'])
    expect(await names('tag=java')).toEqual(['Ann'])
    expect(await names('tag=NURSE')).toEqual(['Björn'])
    expect(await names(`companyId=${acme.id}`)).toEqual(['Ann'])
    expect(await names(`groupId=${group.id}`)).toEqual(['Ann', 'Björn'])
    expect(await names('hasMobile=false')).toEqual(['Carl'])
    expect(await names('hasMobile=true&kind=candidate&tag=london')).toEqual(['Ann'])
    expect(await names('createdFrom=2026-01-06')).toEqual(['Ann', 'Carl'])
    expect(await names('createdTo=2026-01-06')).toEqual(['Ann', 'Björn'])
    expect(await names('createdFrom=2026-01-06T09:00:00Z&createdTo=2026-01-06T09:00:00.000Z')).toEqual([
      'Ann',
    ])

    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/people?createdFrom=2026-02-31',
      headers: admin.headers,
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toBe('createdFrom "2026-02-31" is not a real date: February 2026 has 28 days')
  })

  it('counts and streams exactly the people the list shows', async () => {
    const { group } = await seed()
    const db = ctx.deps.database.db
    expect(await countPeople(db, admin.orgId, {})).toBe(3)
    expect(await countPeople(db, admin.orgId, { groupId: group.id, hasMobile: true })).toBe(2)
    const other = await createOrgWithUser(ctx)
    expect(await countPeople(db, other.orgId, {})).toBe(0)
    expect(await countPeople(db, other.orgId, { groupId: group.id })).toBe(0)

    const batches: string[][] = []
    for await (const batch of streamPeople(db, admin.orgId, {}, 2))
      batches.push(batch.map((p) => p.firstName))
    expect(batches.map((b) => b.length)).toEqual([2, 1])
    expect(batches.flat().sort()).toEqual(['Ann', 'Björn', 'Carl'])
  })

  it('pages with an opaque cursor, stable while people are added', async () => {
    for (let i = 0; i < 7; i++) await post('/api/v1/people', { firstName: `P${i}`, lastName: 'Page' })
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const url: string = `/api/v1/people?limit=3${cursor ? `&cursor=${cursor}` : ''}`
      const res = await ctx.app.inject({ method: 'GET', url, headers: admin.headers })
      const page = res.json() as { items: { firstName: string }[]; nextCursor: string | null }
      seen.push(...page.items.map((p) => p.firstName))
      cursor = page.nextCursor
      pages += 1
      // Someone adds a person between pages: it sorts first, so it never shows up mid-walk.
      await post('/api/v1/people', { firstName: `New${pages}`, lastName: 'Late' })
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual(['P6', 'P5', 'P4', 'P3', 'P2', 'P1', 'P0'])
  })

  it('refuses a tampered cursor and an out-of-range limit', async () => {
    for (let i = 0; i < 3; i++) await post('/api/v1/people', { firstName: `P${i}`, lastName: 'Page' })
    const first = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/people?limit=1',
      headers: admin.headers,
    })
    const cursor = first.json().nextCursor as string
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as string[]
    const forged = Buffer.from(JSON.stringify([decoded[0], 'zzzz', decoded[2]])).toString('base64url')
    for (const bad of [forged, `${cursor.slice(0, -2)}xx`, 'not-a-cursor', '%%%']) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/people?cursor=${encodeURIComponent(bad)}`,
        headers: admin.headers,
      })
      expect(res.statusCode, bad).toBe(400)
      expect(res.json().code).toBe('REQUEST_INVALID')
    }
    for (const limit of ['0', '201', 'ten']) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/people?limit=${limit}`,
        headers: admin.headers,
      })
      expect(res.statusCode, limit).toBe(400)
    }
  })
})
