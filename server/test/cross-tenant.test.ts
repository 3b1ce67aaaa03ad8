import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from './fixtures'
import { createTestApp, DIALECTS, type TestContext } from './setup'

/**
 * Organization B, with its own valid API key, aims at organization A's records by id: reading,
 * changing, deleting them, and naming them inside its own records. Every attempt must be 404 (never
 * 403, which would confirm the id exists), and A's rows must be byte-for-byte the same afterwards.
 * To cover a new resource, add rows to CASES (and its table to TENANT_TABLES).
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

interface World {
  /** A's records, which B must not reach. */
  a: Record<
    | 'userId'
    | 'apiKeyId'
    | 'officeId'
    | 'teamId'
    | 'personId'
    | 'contactId'
    | 'companyId'
    | 'jobId'
    | 'placementId'
    | 'groupId'
    | 'connectionId'
    | 'messageId'
    | 'inboundId'
    | 'conversationId'
    | 'templateId'
    | 'campaignId',
    string
  >
  /** B's own records, used to smuggle A's ids in. */
  b: Record<'userId' | 'personId' | 'jobId' | 'placementId' | 'groupId', string>
}

/**
 * [what B tries, "METHOD url", the 404's code (null: any 404), body]. `{a.x}` and `{b.x}` in the url
 * and body stand for the ids in World.
 */
type Case = [name: string, request: string, code: string | null, body?: object]

const CASES: Case[] = [
  // users, offices and teams (offices and teams have no routes by id; users can name them)
  ['read A user', 'GET /api/v1/users/{a.userId}', 'USER_NOT_FOUND'],
  ['change A user', 'PATCH /api/v1/users/{a.userId}', 'USER_NOT_FOUND', { name: 'Taken' }],
  [
    'create a user in A office',
    'POST /api/v1/users',
    'OFFICE_NOT_FOUND',
    spy(1, { officeId: '{a.officeId}' }),
  ],
  ['create a user in A team', 'POST /api/v1/users', 'TEAM_NOT_FOUND', spy(2, { team1Id: '{a.teamId}' })],
  [
    'move own user into A team',
    'PATCH /api/v1/users/{b.userId}',
    'TEAM_NOT_FOUND',
    { team2Id: '{a.teamId}' },
  ],
  // api keys
  ['revoke A API key', 'DELETE /api/v1/api-keys/{a.apiKeyId}', 'API_KEY_NOT_FOUND'],
  // people
  ['read A person', 'GET /api/v1/people/{a.personId}', 'PERSON_NOT_FOUND'],
  ['change A person', 'PATCH /api/v1/people/{a.personId}', 'PERSON_NOT_FOUND', { lastName: 'X' }],
  ['delete A person', 'DELETE /api/v1/people/{a.personId}', 'PERSON_NOT_FOUND'],
  // companies
  ['read A company', 'GET /api/v1/companies/{a.companyId}', 'COMPANY_NOT_FOUND'],
  ['change A company', 'PATCH /api/v1/companies/{a.companyId}', 'COMPANY_NOT_FOUND', { name: 'Mine' }],
  ['delete A company', 'DELETE /api/v1/companies/{a.companyId}', 'COMPANY_NOT_FOUND'],
  [
    'create a person at A company',
    'POST /api/v1/people',
    'COMPANY_NOT_FOUND',
    { lastName: 'X', companyId: '{a.companyId}' },
  ],
  [
    'move own person to A company',
    'PATCH /api/v1/people/{b.personId}',
    'COMPANY_NOT_FOUND',
    { companyId: '{a.companyId}' },
  ],
  // jobs
  ['read A job', 'GET /api/v1/jobs/{a.jobId}', 'JOB_NOT_FOUND'],
  ['list A job people', 'GET /api/v1/jobs/{a.jobId}/people', 'JOB_NOT_FOUND'],
  ['change A job', 'PATCH /api/v1/jobs/{a.jobId}', 'JOB_NOT_FOUND', { status: 'closed' }],
  ['delete A job', 'DELETE /api/v1/jobs/{a.jobId}', 'JOB_NOT_FOUND'],
  [
    'create a job at A company',
    'POST /api/v1/jobs',
    'COMPANY_NOT_FOUND',
    { title: 'X', companyId: '{a.companyId}' },
  ],
  [
    'create a job with A contact',
    'POST /api/v1/jobs',
    'PERSON_NOT_FOUND',
    { title: 'X', mainContactId: '{a.contactId}' },
  ],
  [
    'name A person on own job',
    'PATCH /api/v1/jobs/{b.jobId}',
    'PERSON_NOT_FOUND',
    { lineManagerId: '{a.contactId}' },
  ],
  // placements
  ['read A placement', 'GET /api/v1/placements/{a.placementId}', 'PLACEMENT_NOT_FOUND'],
  ['list A placement people', 'GET /api/v1/placements/{a.placementId}/people', 'PLACEMENT_NOT_FOUND'],
  [
    'change A placement',
    'PATCH /api/v1/placements/{a.placementId}',
    'PLACEMENT_NOT_FOUND',
    { startDate: '2030-01-01' },
  ],
  ['delete A placement', 'DELETE /api/v1/placements/{a.placementId}', 'PLACEMENT_NOT_FOUND'],
  [
    'place own candidate in A job',
    'POST /api/v1/placements',
    'JOB_NOT_FOUND',
    { jobId: '{a.jobId}', applicantId: '{b.personId}' },
  ],
  [
    'place A candidate in own job',
    'POST /api/v1/placements',
    'PERSON_NOT_FOUND',
    { jobId: '{b.jobId}', applicantId: '{a.personId}' },
  ],
  [
    'name A person on own placement',
    'PATCH /api/v1/placements/{b.placementId}',
    'PERSON_NOT_FOUND',
    { mainContactId: '{a.contactId}' },
  ],
  // groups and their members
  ['read A group', 'GET /api/v1/groups/{a.groupId}', 'GROUP_NOT_FOUND'],
  ['rename A group', 'PATCH /api/v1/groups/{a.groupId}', 'GROUP_NOT_FOUND', { name: 'Mine' }],
  ['delete A group', 'DELETE /api/v1/groups/{a.groupId}', 'GROUP_NOT_FOUND'],
  ['list A group members', 'GET /api/v1/groups/{a.groupId}/members', 'GROUP_NOT_FOUND'],
  [
    'add own person to A group',
    'POST /api/v1/groups/{a.groupId}/members',
    'GROUP_NOT_FOUND',
    { personIds: ['{b.personId}'] },
  ],
  ['remove a member of A group', 'DELETE /api/v1/groups/{a.groupId}/members/{a.personId}', 'GROUP_NOT_FOUND'],
  [
    'add A person to own group',
    'POST /api/v1/groups/{b.groupId}/members',
    'PERSON_NOT_FOUND',
    { personIds: ['{a.personId}'] },
  ],
  [
    'remove A person from own group',
    'DELETE /api/v1/groups/{b.groupId}/members/{a.personId}',
    'GROUP_MEMBER_NOT_FOUND',
  ],
  // other features' routes that take a record's id
  ['read A person journal', 'GET /api/v1/people/{a.personId}/messages', 'PERSON_NOT_FOUND'],
  ['text A job contacts', 'POST /api/v1/jobs/{a.jobId}/messages', 'JOB_NOT_FOUND', { body: 'Hi' }],
  [
    'text A placement people',
    'POST /api/v1/placements/{a.placementId}/messages',
    'PLACEMENT_NOT_FOUND',
    { body: 'Hi' },
  ],
  ['text A person by id', 'POST /api/v1/messages', null, { personId: '{a.personId}', body: 'Hi' }],
  // connections
  ['read A connection', 'GET /api/v1/connections/{a.connectionId}', 'CONNECTION_NOT_FOUND'],
  [
    'change A connection',
    'PATCH /api/v1/connections/{a.connectionId}',
    'CONNECTION_NOT_FOUND',
    { name: 'Mine' },
  ],
  ['disable A connection', 'DELETE /api/v1/connections/{a.connectionId}', 'CONNECTION_NOT_FOUND'],
  [
    'send through A connection',
    'POST /api/v1/messages',
    'CONNECTION_NOT_FOUND',
    { to: '07911 123457', body: 'Hi', connectionId: '{a.connectionId}' },
  ],
  [
    'route to A connection',
    'POST /api/v1/routing-rules',
    'CONNECTION_NOT_FOUND',
    { kind: 'sticky', connectionId: '{a.connectionId}' },
  ],
  ['rename A office', 'PATCH /api/v1/offices/{a.officeId}', 'OFFICE_NOT_FOUND', { name: 'Mine' }],
  ['remove A team', 'DELETE /api/v1/teams/{a.teamId}', 'TEAM_NOT_FOUND'],
  // messages and their actions
  ['read A message', 'GET /api/v1/messages/{a.messageId}', 'MESSAGE_NOT_FOUND'],
  ['cancel A message', 'POST /api/v1/messages/{a.messageId}/cancel', 'MESSAGE_NOT_FOUND'],
  ['delete A message', 'POST /api/v1/messages/delete', 'MESSAGE_NOT_FOUND', { ids: ['{a.messageId}'] }],
  ['restore A message', 'POST /api/v1/messages/restore', 'MESSAGE_NOT_FOUND', { ids: ['{a.messageId}'] }],
  ['resend A message', 'POST /api/v1/messages/resend', 'MESSAGE_NOT_FOUND', { ids: ['{a.messageId}'] }],
  [
    'reply to A reply',
    'POST /api/v1/messages/reply',
    'MESSAGE_NOT_FOUND',
    { messageIds: ['{a.inboundId}'], body: 'Hi' },
  ],
  [
    'forward A reply',
    'POST /api/v1/messages/forward',
    'MESSAGE_NOT_FOUND',
    { messageId: '{a.inboundId}', numbers: ['07911 123457'] },
  ],
  // conversations
  ['read A conversation', 'GET /api/v1/conversations/{a.conversationId}', 'CONVERSATION_NOT_FOUND'],
  [
    'read A conversation history',
    'GET /api/v1/conversations/{a.conversationId}/messages',
    'CONVERSATION_NOT_FOUND',
  ],
  [
    'mark A conversation read',
    'POST /api/v1/conversations/{a.conversationId}/read',
    'CONVERSATION_NOT_FOUND',
  ],
  ['delete A conversation', 'POST /api/v1/conversations/{a.conversationId}/delete', 'CONVERSATION_NOT_FOUND'],
  [
    'join A conversation',
    'PUT /api/v1/conversations/{a.conversationId}/incoming-users/{b.userId}',
    'CONVERSATION_NOT_FOUND',
  ],
  // templates and mailshots
  ['read A template', 'GET /api/v1/templates/{a.templateId}', 'TEMPLATE_NOT_FOUND'],
  ['change A template', 'PATCH /api/v1/templates/{a.templateId}', 'TEMPLATE_NOT_FOUND', { name: 'Mine' }],
  ['read A mailshot', 'GET /api/v1/campaigns/{a.campaignId}', 'CAMPAIGN_NOT_FOUND'],
  ['launch A mailshot', 'POST /api/v1/campaigns/{a.campaignId}/launch', 'CAMPAIGN_NOT_FOUND', {}],
  [
    'mailshot to A group',
    'POST /api/v1/campaigns/preview',
    'GROUP_NOT_FOUND',
    { name: 'x', source: { type: 'group', groupId: '{a.groupId}' }, body: 'Hi' },
  ],
]

function spy(n: number, refs: object) {
  return { email: `spy${n}@example.com`, name: 'Spy', role: 'recruiter', ...refs }
}

/** Replaces `{a.personId}`-style placeholders with World's ids. */
function fill(text: string, w: World): string {
  return text.replace(/\{([ab])\.(\w+)\}/g, (_all, side: 'a' | 'b', key: string) => {
    const id = (w[side] as Record<string, string>)[key]
    if (id === undefined) throw new Error(`no id ${side}.${key} in the test world`)
    return id
  })
}

/** Filters that name A's records must find nothing for B, not A's rows. */
const LIST_LEAKS = [
  '/api/v1/people?groupId={a.groupId}',
  '/api/v1/people?companyId={a.companyId}',
  '/api/v1/jobs?companyId={a.companyId}',
  '/api/v1/placements?jobId={a.jobId}',
  '/api/v1/placements?applicantId={a.personId}',
]

/** Tables whose rows carry org_id, compared before and after; group_members is checked through groups. */
const TENANT_TABLES = [
  'users',
  'api_keys',
  'offices',
  'teams',
  'people',
  'person_tags',
  'companies',
  'jobs',
  'placements',
  'groups',
  'connections',
  'messages',
  'conversations',
  'credit_ledger',
  'notifications',
  'templates',
  'campaigns',
]

describe.each(DIALECTS)('cross-tenant isolation on %s', (dialect) => {
  let ctx: TestContext
  let world: World
  let before: string
  let bActor: TestActor
  let aOrgId: string

  async function as(actor: TestActor, method: Method, url: string, payload?: object) {
    const res = await ctx.app.inject({ method, url, headers: actor.headers, ...(payload ? { payload } : {}) })
    return res
  }
  async function create(actor: TestActor, url: string, payload: object): Promise<string> {
    const res = await as(actor, 'POST', url, payload)
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300)
    return (res.json() as { id: string }).id
  }

  async function snapshot(orgId: string): Promise<string> {
    const db = ctx.deps.database.db
    const parts: unknown[] = []
    for (const table of TENANT_TABLES) {
      const key = table === 'person_tags' ? sql`person_id, tag_key` : sql`id`
      const rows =
        await sql`select * from ${sql.table(table)} where org_id = ${orgId} order by ${key}`.execute(db)
      parts.push(table, rows.rows)
    }
    const members = await db
      .selectFrom('group_members')
      .innerJoin('groups', 'groups.id', 'group_members.group_id')
      .selectAll('group_members')
      .where('groups.org_id', '=', orgId)
      .orderBy('group_members.person_id')
      .execute()
    parts.push('group_members', members)
    return JSON.stringify(parts)
  }

  beforeAll(async () => {
    ctx = await createTestApp(dialect)
    const a = await createOrgWithUser(ctx, { name: 'A' })
    const b = await createOrgWithUser(ctx, { name: 'B' })
    const aOther = await addUser(ctx, a.orgId, { role: 'recruiter' })
    const aKey = await as(aOther, 'POST', '/api/v1/api-keys', { name: 'A integration' })
    const officeId = await create(a, '/api/v1/offices', { name: 'A office' })
    const teamId = await create(a, '/api/v1/teams', { name: 'A team' })
    const companyId = await create(a, '/api/v1/companies', { name: 'A client' })
    const personId = await create(a, '/api/v1/people', {
      firstName: 'Ann',
      lastName: 'A',
      mobile: '07911 123456',
      tags: ['a-only'],
      companyId,
    })
    const contactId = await create(a, '/api/v1/people', { lastName: 'Boss', kind: 'contact', companyId })
    const jobId = await create(a, '/api/v1/jobs', { title: 'A job', companyId, mainContactId: contactId })
    const placementId = await create(a, '/api/v1/placements', { jobId, applicantId: personId })
    const groupId = await create(a, '/api/v1/groups', { name: 'A group' })
    await as(a, 'POST', `/api/v1/groups/${groupId}/members`, { personIds: [personId] })
    const connections = await as(a, 'GET', '/api/v1/connections')
    const connectionId = (connections.json() as { items: { id: string }[] }).items[0]?.id ?? 'none'

    const message = await as(a, 'POST', '/api/v1/messages', {
      personId,
      body: 'Hi Ann',
      sendAt: new Date(ctx.clock.now().getTime() + 86_400_000).toISOString(),
    })
    const inbound = await as(a, 'POST', '/api/v1/simulator/inbound', {
      from: '07911 123456',
      body: 'Hello A',
    })
    const templateId = await create(a, '/api/v1/templates', {
      name: 'A template',
      body: 'Hi {{ person.first_name }}',
    })
    const campaignId = await create(a, '/api/v1/campaigns', {
      name: 'A mailshot',
      source: { type: 'group', groupId },
      body: 'Hello',
    })
    const bPersonId = await create(b, '/api/v1/people', { lastName: 'B', mobile: '07700 123456' })
    const bJobId = await create(b, '/api/v1/jobs', { title: 'B job' })
    world = {
      a: {
        userId: aOther.userId,
        apiKeyId: (aKey.json() as { id: string }).id,
        officeId,
        teamId,
        personId,
        contactId,
        companyId,
        jobId,
        placementId,
        groupId,
        connectionId,
        messageId: (message.json() as { id: string }).id,
        inboundId: (inbound.json() as { messageId: string }).messageId,
        conversationId: (inbound.json() as { conversationId: string }).conversationId,
        templateId,
        campaignId,
      },
      b: {
        userId: b.userId,
        personId: bPersonId,
        jobId: bJobId,
        placementId: await create(b, '/api/v1/placements', { jobId: bJobId, applicantId: bPersonId }),
        groupId: await create(b, '/api/v1/groups', { name: 'B group' }),
      },
    }
    bActor = b
    aOrgId = a.orgId
    before = await snapshot(a.orgId)
  })
  afterAll(() => ctx.close())

  it.each(CASES)('B cannot %s', async (_name, request, code, body) => {
    const [method, url] = fill(request, world).split(' ') as [Method, string]
    const payload = body ? (JSON.parse(fill(JSON.stringify(body), world)) as object) : undefined
    const res = await as(bActor, method, url, payload)
    expect(res.statusCode, `${request}: ${res.body}`).toBe(404)
    if (code) expect(res.json().code).toBe(code)
  })

  it.each(LIST_LEAKS)('B lists nothing of A with %s', async (url) => {
    const res = await as(bActor, 'GET', fill(url, world))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().items).toEqual([])
  })

  it("leaves A's data exactly as it was", async () => {
    expect(await snapshot(aOrgId)).toBe(before)
    // The snapshot is not vacuous: A's records are there.
    expect(before).toContain(world.a.placementId)
    expect(before).toContain('a-only')
    expect(before).toContain(world.a.messageId)
  })
})
