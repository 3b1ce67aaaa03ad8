import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SIGNED_TOKEN_LENGTH } from '../interview/signed-link'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { balance } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { campaignAction, campaignMessages, createCampaign, mobiles, seedPeople } from './campaign-fixtures'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const LINK = new RegExp(`\\nhttp://parley\\.test/d/([A-Za-z0-9_-]{${SIGNED_TOKEN_LENGTH}})$`)
// 130 characters: one segment alone, two once the link is added
const BODY = `Hi {{ person.first_name }}, ${'the staff handbook for your first week. '.repeat(3)}`.trimEnd()

/** A mailshot that carries an uploaded PDF: every recipient's text ends with a link of their own. */
describe.each(DIALECTS)('a PDF in a mailshot on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx, { credits: 50 })
  })
  afterEach(() => ctx.close())

  async function upload(content: Buffer): Promise<string> {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/attachments?fileName=Handbook.pdf',
      headers: { ...admin.headers, 'content-type': 'application/pdf' },
      payload: content,
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().id as string
  }
  async function preview(payload: Record<string, unknown>) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns/preview',
      headers: admin.headers,
      payload,
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }

  it('counts the link in the preview and the charge, and each link downloads the PDF', async () => {
    const ids = await seedPeople(
      ctx,
      admin.orgId,
      mobiles(3).map((mobile, i) => ({ firstName: `Al${i}`, mobile })),
    )
    const attachmentId = await upload(PDF)
    const source = { type: 'people', personIds: ids }
    const plain = await preview({ source, body: BODY })
    expect(plain).toMatchObject({ recipients: 3, segments: 3, credits: 3 })
    const withPdf = await preview({ source, body: BODY, attachmentId })
    expect(withPdf).toMatchObject({ recipients: 3, segments: 6, credits: 6 })
    expect(withPdf.samples[0]).toMatchObject({ segments: 2, credits: 2 })
    expect(withPdf.samples[0].body).toMatch(
      new RegExp(`^Hi Al0, .*\\nhttp://parley\\.test/d/x{${SIGNED_TOKEN_LENGTH}}$`, 's'),
    )

    const campaign = await createCampaign(ctx, admin, { name: 'Handbook', source, body: BODY, attachmentId })
    const launched = await campaignAction(ctx, admin, campaign.id, 'launch', { expectedCredits: 6 })
    expect(launched.statusCode, launched.body).toBe(200)
    expect(await balance(ctx, admin)).toBe(44)

    const messages = await campaignMessages(ctx, admin, campaign.id)
    expect(messages).toHaveLength(3)
    const tokens = new Set<string>()
    for (const message of messages) {
      expect(message.credits).toBe(2)
      // the real link is as long as the preview's stand-in, so what was counted is what goes
      expect(message.body.length).toBe(withPdf.samples[0].body.length)
      const token = LINK.exec(message.body)?.[1]
      expect(token, message.body).toBeDefined()
      tokens.add(token!)
      const download = await ctx.app.inject({ method: 'GET', url: `/d/${token}` })
      expect(download.statusCode).toBe(200)
      expect(download.headers['content-type']).toBe('application/pdf')
      expect(download.rawPayload.equals(PDF)).toBe(true)
    }
    expect(tokens.size).toBe(3)
    const file = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${attachmentId}`,
      headers: admin.headers,
    })
    expect(file.json().links).toEqual({ links: 3, downloads: 3, opened: 3 })
  })

  it('refuses a PDF that is not one of the organization’s, naming it', async () => {
    const ids = await seedPeople(ctx, admin.orgId, [{ mobile: mobiles(1)[0]! }])
    const other = await createOrgWithUser(ctx)
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/attachments?fileName=Theirs.pdf',
      headers: { ...other.headers, 'content-type': 'application/pdf' },
      payload: PDF,
    })
    const theirs = res.json().id as string
    const refused = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns/preview',
      headers: admin.headers,
      payload: { source: { type: 'people', personIds: ids }, body: 'x', attachmentId: theirs },
    })
    expect(refused.statusCode).toBe(404)
    expect(refused.json().code).toBe('ATTACHMENT_NOT_FOUND')
    expect(refused.json().message).toContain(theirs)
  })
})
