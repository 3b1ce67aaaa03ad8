import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { NO_DIRECT_MESSAGE } from '../conversation/conversation.repository'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { balance, eventually, simulateReply, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import {
  campaignAction,
  campaignMessages,
  createCampaign,
  getCampaign,
  mobiles,
  optOut,
  seedPeople,
} from './campaign-fixtures'

const BODY = 'Hi {{ person.first_name }}, new nursing shifts this week. Reply STOP to opt out'

describe.each(DIALECTS)('mailshots on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    // Delivery reports come a moment after the send, as from a real network: a report that overtakes
    // the dispatcher's own record of the send is a separate race this suite does not exercise.
    ctx = await createTestApp(dialect, { SIMULATOR_DELIVERY_DELAY_MS: '30' })
  })
  afterEach(() => ctx.close())

  async function ledger(actor: TestActor) {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/credits/ledger', headers: actor.headers })
    return res.json().items as { reason: string; delta: number; note: string | null }[]
  }

  it('previews and launches a mailshot from a saved search: one debit, skipped people in did-not-trigger', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 100 })
    const [a, b] = mobiles(2)
    const [c] = mobiles(1, 50)
    await seedPeople(ctx, admin.orgId, [
      { firstName: 'Ann', mobile: a!, tags: ['nurse'] },
      { firstName: 'Bob', mobile: null, tags: ['nurse'] },
      { firstName: 'Cat', mobile: c!, tags: ['nurse'] },
      { firstName: 'Dan', mobile: a!, tags: ['Nurse'] },
      { firstName: '', lastName: 'Eve', mobile: mobiles(1, 60)[0]!, tags: ['nurse'] },
      { firstName: 'Fay', mobile: b!, tags: ['nurse'] },
      { firstName: 'Gus', mobile: mobiles(1, 70)[0]!, tags: ['driver'] },
    ])
    await optOut(ctx, admin.orgId, c!)
    const source = { type: 'search', filter: { tag: 'nurse' } }
    const preview = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns/preview',
      headers: admin.headers,
      payload: { source, body: BODY },
    })
    expect(preview.statusCode, preview.body).toBe(200)
    expect(preview.json()).toMatchObject({
      recipients: 2,
      skipped: 4,
      segments: 2,
      credits: 2,
      balance: 100,
      enoughCredits: true,
      skippedByReason: { no_mobile: 1, opted_out: 1, duplicate: 1, missing_field: 1 },
      skippedTruncated: false,
    })
    expect(
      preview
        .json()
        .samples.map((s: { body: string }) => s.body)
        .sort(),
    ).toEqual([
      'Hi Ann, new nursing shifts this week. Reply STOP to opt out',
      'Hi Fay, new nursing shifts this week. Reply STOP to opt out',
    ])
    const skipped = preview.json().skippedRecipients as { name: string; reason: string; detail: string }[]
    expect(skipped.find((s) => s.reason === 'missing_field')?.detail).toBe(
      'person.first_name is empty for Eve',
    )

    const campaign = await createCampaign(ctx, admin, { name: 'Nurses', source, body: BODY })
    expect(campaign.status).toBe('draft')
    const launch = await campaignAction(ctx, admin, campaign.id, 'launch', { expectedCredits: 2 })
    expect(launch.statusCode, launch.body).toBe(200)
    expect(launch.json()).toMatchObject({
      status: 'running',
      launch: { recipients: 2, skipped: 4, segments: 2, credits: 2 },
      progress: { total: 2, pending: 2, notTriggered: 4, sent: 0 },
    })
    expect(await balance(ctx, admin)).toBe(98)
    const debits = (await ledger(admin)).filter((e) => e.reason === 'message')
    expect(debits).toHaveLength(1)
    expect(debits[0]).toMatchObject({ delta: -2 })

    const skippedRows = await campaignMessages(ctx, admin, campaign.id, 'did_not_trigger')
    expect(skippedRows.map((m) => [m.errorCode, m.credits, m.kind]).sort()).toEqual([
      ['DUPLICATE', 0, 'bulk'],
      ['MISSING_FIELD', 0, 'bulk'],
      ['NO_MOBILE', 0, 'bulk'],
      ['OPTED_OUT', 0, 'bulk'],
    ])
    const conversation = await ctx.deps.database.db
      .selectFrom('conversations')
      .selectAll()
      .where('org_id', '=', admin.orgId)
      .where('phone_e164', '=', a!)
      .executeTakeFirstOrThrow()
    expect(conversation).toMatchObject({
      last_direct_message_at: NO_DIRECT_MESSAGE,
      last_message_direction: 'outbound',
    })
    expect(conversation.last_message_preview).toContain('Hi Ann')

    expect(await testDispatcher(ctx).runOnce()).toBe(2)
    await eventually(async () => {
      expect((await getCampaign(ctx, admin, campaign.id)).progress).toMatchObject({
        sent: 2,
        delivered: 2,
        pending: 0,
      })
    })
    expect((await getCampaign(ctx, admin, campaign.id)).status).toBe('completed')

    const progressed: string[] = []
    const off = ctx.deps.events.on('campaign.progressed', (e) => progressed.push(e.campaignId))
    ctx.clock.advance(60_000)
    const reply = await simulateReply(ctx, admin, a!, 'Yes please, Tuesday works')
    expect(reply.conversationId).toBe(conversation.id)
    await eventually(async () => expect(progressed).toContain(campaign.id))
    off()
    expect((await getCampaign(ctx, admin, campaign.id)).progress.replied).toBe(1)

    const again = await campaignAction(ctx, admin, campaign.id, 'launch')
    expect([again.statusCode, again.json().code]).toEqual([409, 'CAMPAIGN_STATE_INVALID'])
  })

  it('refuses a launch the credits do not cover, with the numbers, and writes nothing', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 2 })
    const ids = await seedPeople(
      ctx,
      admin.orgId,
      mobiles(3).map((mobile) => ({ firstName: 'Al', mobile })),
    )
    const campaign = await createCampaign(ctx, admin, {
      name: 'Too big',
      source: { type: 'people', personIds: ids },
      body: 'Hello {{ person.first_name }}',
    })
    const res = await campaignAction(ctx, admin, campaign.id, 'launch')
    expect(res.statusCode).toBe(402)
    expect(res.json()).toMatchObject({ code: 'CREDITS_INSUFFICIENT', details: { needed: 3, available: 2 } })
    expect(await balance(ctx, admin)).toBe(2)
    expect(await campaignMessages(ctx, admin, campaign.id)).toEqual([])
    const conversations = await ctx.deps.database.db.selectFrom('conversations').select('id').execute()
    expect(conversations).toEqual([])
    expect((await getCampaign(ctx, admin, campaign.id)).status).toBe('draft')
  })

  it('sends from a group and an explicit list, with the job and the sender merged in', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 20 })
    const [p1, p2] = await seedPeople(ctx, admin.orgId, [
      { firstName: 'Ann', mobile: mobiles(1)[0]! },
      { firstName: 'Bo', mobile: mobiles(1, 1)[0]! },
    ])
    const group = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: admin.headers,
      payload: { name: 'Pool' },
    })
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/groups/${group.json().id}/members`,
      headers: admin.headers,
      payload: { personIds: [p1, p2] },
    })
    const job = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      headers: admin.headers,
      payload: { title: 'Night nurse' },
    })
    expect(job.statusCode, job.body).toBe(201)
    const body = '{{ person.first_name }}: {{ job.title }} at {{ organization.name }}'
    const fromGroup = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns/preview',
      headers: admin.headers,
      payload: { source: { type: 'group', groupId: group.json().id }, body, jobId: job.json().id },
    })
    expect(fromGroup.statusCode, fromGroup.body).toBe(200)
    expect(fromGroup.json().recipients).toBe(2)
    expect(fromGroup.json().samples[0].body).toMatch(/^(Ann|Bo): Night nurse at Org \d+$/)
    const list = await createCampaign(ctx, admin, {
      name: 'Two',
      source: { type: 'people', personIds: [p2] },
      body,
      jobId: job.json().id,
    })
    const launched = await campaignAction(ctx, admin, list.id, 'launch')
    expect(launched.json().launch.recipients).toBe(1)
    const [message] = await campaignMessages(ctx, admin, list.id)
    expect(message).toMatchObject({ personId: p2, kind: 'bulk', status: 'queued' })
    expect(message?.body).toMatch(/^Bo: Night nurse at Org \d+$/)
  })

  it('gives a clear error for each bad mailshot and charges nothing', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const recruiter = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const [personId] = await seedPeople(ctx, admin.orgId, [{ firstName: 'Ann', mobile: mobiles(1)[0]! }])
    const rejection = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: admin.headers,
      payload: { name: 'No', category: 'rejection', body: 'Sorry {{ person.first_name }}' },
    })
    const people = { type: 'people', personIds: [personId] }
    const now = ctx.clock.now().getTime()
    const cases: [TestActor, Record<string, unknown>, number, string][] = [
      [admin, { name: 'x', source: people, templateId: rejection.json().id }, 422, 'TEMPLATE_NOT_FOR_SMS'],
      [admin, { name: 'x', source: people, body: 'Hi {{ person.nme }}' }, 422, 'TEMPLATE_INVALID'],
      [
        admin,
        { name: 'x', source: people, body: 'x', sendAt: new Date(now - 60_000).toISOString() },
        422,
        'MESSAGE_SCHEDULE_INVALID',
      ],
      [
        admin,
        { name: 'x', source: people, body: 'x', sendAt: new Date(now + 400 * 86_400_000).toISOString() },
        422,
        'MESSAGE_SCHEDULE_INVALID',
      ],
      [
        admin,
        { name: 'x', source: people, body: 'x', templateId: rejection.json().id },
        400,
        'REQUEST_INVALID',
      ],
      [admin, { name: 'x', source: people }, 400, 'REQUEST_INVALID'],
      [admin, { name: 'x', source: { type: 'group', groupId: 'nope' }, body: 'x' }, 404, 'GROUP_NOT_FOUND'],
      [
        admin,
        { name: 'x', source: { type: 'people', personIds: ['nope'] }, body: 'x' },
        404,
        'PERSON_NOT_FOUND',
      ],
      [admin, { name: 'x', source: people, body: 'x', connectionId: 'nope' }, 404, 'CONNECTION_NOT_FOUND'],
      [admin, { name: 'x', source: { type: 'everyone' }, body: 'x' }, 400, 'REQUEST_INVALID'],
      [recruiter, { name: 'x', source: people, body: 'x' }, 403, 'PERMISSION_DENIED'],
    ]
    for (const [actor, payload, status, code] of cases) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/campaigns',
        headers: actor.headers,
        payload,
      })
      expect([res.statusCode, res.json().code], JSON.stringify(payload)).toEqual([status, code])
    }
    const nobody = await createCampaign(ctx, admin, {
      name: 'Nobody',
      source: { type: 'search', filter: { tag: 'none' } },
      body: 'x',
    })
    const empty = await campaignAction(ctx, admin, nobody.id, 'launch')
    expect([empty.statusCode, empty.json().code]).toEqual([422, 'CAMPAIGN_NO_RECIPIENTS'])
    const cost = await createCampaign(ctx, admin, { name: 'Cost', source: people, body: 'x'.repeat(200) })
    const changed = await campaignAction(ctx, admin, cost.id, 'launch', { expectedCredits: 1 })
    expect(changed.json()).toMatchObject({
      code: 'CAMPAIGN_COST_CHANGED',
      details: { needed: 2, expected: 1 },
    })
    expect(await balance(ctx, admin)).toBe(10)
    const messages = await ctx.deps.database.db.selectFrom('messages').select('id').execute()
    expect(messages).toEqual([])
  })
})
