import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { parseCampaignCsv } from './campaign-csv'
import { campaignAction, campaignMessages, createCampaign, seedPeople } from './campaign-fixtures'

describe('mailshot CSV reading', () => {
  it('reads rows with their line numbers, custom fields included', () => {
    const rows = parseCampaignCsv(
      'Mobile,First Name,custom.shift\n07911 123456,Ann,nights\n\n"07911 654321","Bo, Jr",\n',
    )
    expect(rows).toEqual([
      {
        line: 2,
        mobile: '07911 123456',
        firstName: 'Ann',
        lastName: '',
        email: null,
        jobTitle: null,
        customFields: { shift: 'nights' },
      },
      {
        line: 4,
        mobile: '07911 654321',
        firstName: 'Bo, Jr',
        lastName: '',
        email: null,
        jobTitle: null,
        customFields: {},
      },
    ])
  })

  it('refuses a bad header or bad rows, naming every bad line', () => {
    expect(() => parseCampaignCsv('phone,name\n1,2')).toThrow('line 1: unknown column "phone"')
    expect(() => parseCampaignCsv('first_name\nAnn')).toThrow('line 1: the header has no "mobile" column')
    expect(() => parseCampaignCsv('')).toThrow('the file is empty')
    try {
      parseCampaignCsv(
        `mobile,first_name\n07911123456,Ann\n07911123457\n07911123458,Bo,extra\n07911123459,${'x'.repeat(101)}`,
      )
      throw new Error('expected the file to be refused')
    } catch (error) {
      const details = (error as { details?: { rows: { line: number; reasons: string[] }[] } }).details
      expect(details?.rows).toEqual([
        { line: 3, reasons: ['has 1 fields; the header has 2'] },
        { line: 4, reasons: ['has 3 fields; the header has 2'] },
        { line: 5, reasons: ['first_name is longer than 100 characters'] },
      ])
      expect((error as Error).message).toMatch(/^3 row\(s\) cannot be read/)
    }
  })
})

describe.each(DIALECTS)('mailshots from a CSV on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  const upload = (actor: TestActor, id: string, csv: string) =>
    ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/campaigns/${id}/csv`,
      headers: { ...actor.headers, 'content-type': 'text/csv' },
      payload: csv,
    })

  it('texts the good rows, lists the others by line, and links rows to known people', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 50 })
    const [known] = await seedPeople(ctx, admin.orgId, [
      { firstName: 'Karl', lastName: 'Known', mobile: '+447911000002', customFields: { shift: 'days' } },
    ])
    const campaign = await createCampaign(ctx, admin, {
      name: 'From a list',
      source: { type: 'csv' },
      body: 'Hi {{ person.first_name }}, {{ person.custom.shift }} shifts are open',
    })
    const csv = [
      'mobile,first_name,custom.shift',
      '07911 000001,Ann,nights',
      '07911 000002,,',
      '12,Bad,nights',
      ',Empty,nights',
      '020 7946 0000,Landline,nights',
      '+447911000001,Again,nights',
      '07911 000003,Cy,',
    ].join('\n')
    const uploaded = await upload(admin, campaign.id, csv)
    expect(uploaded.statusCode, uploaded.body).toBe(200)
    expect(uploaded.json().source).toEqual({ type: 'csv', csvRows: 7 })
    const preview = (await campaignAction(ctx, admin, campaign.id, 'preview')).json()
    expect(preview).toMatchObject({ recipients: 2, skipped: 5 })
    expect(preview.samples.map((s: { body: string }) => s.body)).toEqual([
      'Hi Ann, nights shifts are open',
      'Hi Karl, days shifts are open',
    ])
    expect(
      preview.skippedRecipients.map((s: { line: number; reason: string }) => [s.line, s.reason]),
    ).toEqual([
      [4, 'invalid_number'],
      [5, 'no_mobile'],
      [6, 'not_mobile'],
      [7, 'duplicate'],
      [8, 'missing_field'],
    ])
    expect(preview.skippedRecipients[0].detail).toBe('line 4: mobile "12" is too short for GB')

    const launched = await campaignAction(ctx, admin, campaign.id, 'launch')
    expect(launched.json().launch).toMatchObject({ recipients: 2, skipped: 5, credits: 2 })
    const sent = (await campaignMessages(ctx, admin, campaign.id, 'pending')).sort((a, b) =>
      a.to.localeCompare(b.to),
    )
    expect(sent.map((m) => [m.to, m.personId])).toEqual([
      ['+447911000001', null],
      ['+447911000002', known],
    ])
    const locked = await upload(admin, campaign.id, csv)
    expect(locked.json().code).toBe('CAMPAIGN_STATE_INVALID')
  })

  it('refuses a CSV with bad rows whole, and a CSV of nobody at launch', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 50 })
    const campaign = await createCampaign(ctx, admin, {
      name: 'List',
      source: { type: 'csv' },
      body: 'Hello',
    })
    const bad = await upload(admin, campaign.id, 'mobile,first_name\n07911000001,Ann,Extra\n07911000002\n')
    expect(bad.statusCode).toBe(422)
    expect(bad.json()).toMatchObject({
      code: 'CAMPAIGN_CSV_INVALID',
      details: { rows: [{ line: 2 }, { line: 3 }] },
    })
    const notCsv = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/campaigns/${campaign.id}/csv`,
      headers: admin.headers,
      payload: { mobile: '1' },
    })
    expect(notCsv.json().code).toBe('REQUEST_INVALID')
    const none = await campaignAction(ctx, admin, campaign.id, 'launch')
    expect([none.statusCode, none.json().code]).toEqual([422, 'CAMPAIGN_NO_RECIPIENTS'])
    await upload(admin, campaign.id, 'mobile\n123\n')
    const nobody = await campaignAction(ctx, admin, campaign.id, 'launch')
    expect(nobody.json()).toMatchObject({
      code: 'CAMPAIGN_NO_RECIPIENTS',
      details: { skippedByReason: { invalid_number: 1 } },
    })
    const inline = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns/preview',
      headers: admin.headers,
      payload: { source: { type: 'csv', csv: 'mobile\n07911000009\n' }, body: 'Hi' },
    })
    expect(inline.json()).toMatchObject({ recipients: 1, credits: 1 })
  })
})
