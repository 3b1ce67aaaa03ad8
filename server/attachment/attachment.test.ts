import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  campaignAction,
  campaignMessages,
  createCampaign,
  mobiles,
  seedPeople,
} from '../campaign/campaign-fixtures'
import { SIGNED_TOKEN_LENGTH } from '../interview/signed-link'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { balance, createPerson } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { cleanFileName } from './attachment.service'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const LINK = new RegExp(`\\nhttp://parley\\.test/d/([A-Za-z0-9_-]{${SIGNED_TOKEN_LENGTH}})$`)

function multipart(fileName: string, content: Buffer, type = 'application/pdf') {
  const boundary = '----parleytest'
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  }
}

describe('attachment file names', () => {
  it('keeps a plain name and strips folders, quotes and control characters', () => {
    expect(cleanFileName('../../etc/Offer "final".pdf')).toBe('Offer final.pdf')
    expect(cleanFileName('contract\u0000\n')).toBe('contract.pdf')
    expect(cleanFileName(undefined)).toBe('document.pdf')
  })
})

describe.each(DIALECTS)('PDF attachments on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  async function upload(actor: TestActor, content: Buffer, type = 'application/pdf', fileName = 'Offer.pdf') {
    return ctx.app.inject({
      method: 'POST',
      url: `/api/v1/attachments?fileName=${encodeURIComponent(fileName)}`,
      headers: { ...actor.headers, 'content-type': type },
      payload: content,
    })
  }

  async function attachment(actor: TestActor, id: string) {
    return (
      await ctx.app.inject({ method: 'GET', url: `/api/v1/attachments/${id}`, headers: actor.headers })
    ).json()
  }

  it('takes a PDF by its content, raw or as a form upload, and refuses anything else', async () => {
    const admin = await createOrgWithUser(ctx)
    const raw = await upload(admin, PDF)
    expect(raw.statusCode, raw.body).toBe(201)
    expect(raw.json()).toMatchObject({
      fileName: 'Offer.pdf',
      sizeBytes: PDF.length,
      contentType: 'application/pdf',
    })
    expect(raw.json().sha256).toMatch(/^[0-9a-f]{64}$/)
    const form = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      ...multipart('Contract.pdf', PDF),
    })
    expect(form.statusCode).toBe(401)
    const formed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      ...multipart('Contract.pdf', PDF),
      headers: { ...admin.headers, ...multipart('x', PDF).headers },
    })
    expect(formed.statusCode, formed.body).toBe(201)
    expect(formed.json().fileName).toBe('Contract.pdf')

    const fake = await upload(admin, Buffer.from('PK\u0003\u0004 a zip named .pdf'))
    expect([fake.statusCode, fake.json().code]).toEqual([415, 'ATTACHMENT_NOT_PDF'])
    const word = await upload(admin, PDF, 'application/msword')
    expect([word.statusCode, word.json().code]).toEqual([415, 'ATTACHMENT_NOT_PDF'])
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1_048_576)])
    const tooBig = await upload(admin, big)
    expect([tooBig.statusCode, tooBig.json().code]).toEqual([413, 'ATTACHMENT_TOO_LARGE'])
    const bigForm = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      ...multipart('Big.pdf', big),
      headers: { ...admin.headers, ...multipart('x', PDF).headers },
    })
    expect([bigForm.statusCode, bigForm.json().code]).toEqual([413, 'ATTACHMENT_TOO_LARGE'])
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/attachments', headers: admin.headers })
    expect(list.json().items).toHaveLength(2)
  })

  it('sends a one-to-one text with its own download link, counted in the cost, and serves the PDF', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const personId = await createPerson(ctx, admin, { firstName: 'Ann' })
    const file = (await upload(admin, PDF)).json()
    const body = 'Your offer letter is attached; reply YES to accept. '.repeat(3).trim()
    const preview = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/attachments/preview',
      headers: admin.headers,
      payload: { body },
    })
    const linkLength = 'http://parley.test/d/'.length + SIGNED_TOKEN_LENGTH
    expect(preview.json()).toMatchObject({ characters: body.length + 1 + linkLength, segments: 2 })

    const sent = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/attachments/${file.id}/messages`,
      headers: admin.headers,
      payload: { personId, body },
    })
    expect(sent.statusCode, sent.body).toBe(201)
    expect(sent.json()).toMatchObject({ segments: 2, credits: 2, status: 'queued' })
    expect(await balance(ctx, admin)).toBe(8)
    const token = LINK.exec(sent.json().body)?.[1]
    expect(token).toBeDefined()

    const head = await ctx.app.inject({ method: 'HEAD', url: `/d/${token}` })
    expect(head.statusCode).toBe(200)
    const download = await ctx.app.inject({ method: 'GET', url: `/d/${token}` })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('application/pdf')
    expect(download.headers['content-disposition']).toContain('filename="Offer.pdf"')
    expect(download.rawPayload.equals(PDF)).toBe(true)
    expect((await attachment(admin, file.id)).links).toEqual({ links: 1, downloads: 1, opened: 1 })

    const altered = await ctx.app.inject({ method: 'GET', url: `/d/${token!.slice(0, -2)}AA` })
    expect(altered.statusCode).toBe(404)
    expect(altered.body).toContain('This link is not recognised')
    ctx.clock.advance(31 * 86_400_000)
    const expired = await ctx.app.inject({ method: 'GET', url: `/d/${token}` })
    expect(expired.statusCode).toBe(410)
    expect(expired.body).toContain('This link has expired')
    expect((await attachment(admin, file.id)).links.downloads).toBe(1)

    const refused = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/attachments/${file.id}/messages`,
      headers: admin.headers,
      payload: { to: '12', body: 'x' },
    })
    expect(refused.json().code).toBe('PHONE_NUMBER_INVALID')
    expect((await attachment(admin, file.id)).links.links).toBe(1)
  })

  it('gives every mailshot recipient a link of their own, and a withdrawn file says so', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 20 })
    const ids = await seedPeople(
      ctx,
      admin.orgId,
      mobiles(3).map((mobile, i) => ({ firstName: `P${i}`, mobile })),
    )
    const file = (await upload(admin, PDF)).json()
    const campaign = await createCampaign(ctx, admin, {
      name: 'Handbook',
      source: { type: 'people', personIds: ids },
      body: 'Hi {{ person.first_name }}, here is the staff handbook',
      attachmentId: file.id,
      linkExpiresInDays: 7,
    })
    const preview = (await campaignAction(ctx, admin, campaign.id, 'preview')).json()
    expect(preview.samples[0].body).toMatch(
      new RegExp(`\\nhttp://parley\\.test/d/x{${SIGNED_TOKEN_LENGTH}}$`),
    )
    const launched = await campaignAction(ctx, admin, campaign.id, 'launch', {
      expectedCredits: preview.credits,
    })
    expect(launched.statusCode, launched.body).toBe(200)
    const messages = await campaignMessages(ctx, admin, campaign.id)
    const tokens = messages.map((m) => LINK.exec(m.body)?.[1])
    expect(new Set(tokens).size).toBe(3)
    expect((await attachment(admin, file.id)).links).toMatchObject({ links: 3, downloads: 0 })
    const ok = await ctx.app.inject({ method: 'GET', url: `/d/${tokens[0]}` })
    expect(ok.statusCode).toBe(200)

    const removed = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/attachments/${file.id}`,
      headers: admin.headers,
    })
    expect(removed.statusCode).toBe(204)
    const gone = await ctx.app.inject({ method: 'GET', url: `/d/${tokens[1]}` })
    expect(gone.statusCode).toBe(410)
    expect(gone.body).toContain('no longer available')
    const reuse = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns/preview',
      headers: admin.headers,
      payload: { source: { type: 'people', personIds: ids }, body: 'x', attachmentId: file.id },
    })
    expect(reuse.json().code).toBe('ATTACHMENT_NOT_FOUND')
  })
})
