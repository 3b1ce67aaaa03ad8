import { inflateSync } from 'node:zlib'
import { PDFDocument } from 'pdf-lib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SIGNED_TOKEN_LENGTH } from '../interview/signed-link'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { balance, createPerson } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { renderDocumentFor } from './template-document'

const LINK = new RegExp(`\\nhttp://parley\\.test/d/([A-Za-z0-9_-]{${SIGNED_TOKEN_LENGTH}})$`)

/** The text a PDF shows, from its (deflated) content streams: standard fonts write hex strings. */
function shownText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString('latin1')
  let out = ''
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string
    try {
      content = inflateSync(Buffer.from(match[1] ?? '', 'latin1')).toString('latin1')
    } catch {
      content = match[1] ?? ''
    }
    for (const hex of content.matchAll(/<([0-9A-Fa-f]+)> Tj/g)) {
      out += `${Buffer.from(hex[1] ?? '', 'hex').toString('latin1')}\n`
    }
  }
  return out
}

describe('renderDocumentFor', () => {
  it('fills in the fields, wraps long text onto several pages and prints unsupported merged characters as ?', async () => {
    const paragraph = 'Your contract covers the shift pattern, the pay rate and the notice period. '.repeat(
      12,
    )
    const { pdf, fileName } = await renderDocumentFor(
      {
        title: 'Contract for {{ person.full_name }}',
        body: `Dear {{ person.first_name }},\n\n${`${paragraph}\n\n`.repeat(8)}`,
      },
      { person: { first_name: 'Zoë 🎉', last_name: 'Okafor', full_name: 'Zoë Okafor' } },
    )
    const parsed = await PDFDocument.load(pdf)
    expect(parsed.getPageCount()).toBeGreaterThan(1)
    expect(parsed.getTitle()).toBe('Contract for Zoë Okafor')
    const text = shownText(pdf)
    expect(text).toContain('Contract for Zoë Okafor')
    expect(text).toContain('Dear Zoë ?,')
    expect(fileName).toBe('Contract-for-Zoe-Okafor.pdf')
  })
})

describe.each(DIALECTS)('template document part on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  const create = (actor: TestActor, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/templates', headers: actor.headers, payload })

  it('saves, returns, changes and removes a document part', async () => {
    const admin = await createOrgWithUser(ctx)
    const document = {
      title: 'Offer for {{ person.full_name }}',
      body: 'Dear {{ person.first_name }},\n\nWelcome.',
    }
    const res = await create(admin, { name: 'Offer', body: 'Your offer: see the PDF', document })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().document).toEqual(document)
    const id = res.json().id
    const got = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/templates/${id}`,
      headers: admin.headers,
    })
    expect(got.json().document).toEqual(document)
    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/templates/${id}`,
      headers: admin.headers,
      payload: { name: 'Offer letter' },
    })
    expect(renamed.json().document).toEqual(document)
    const removed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/templates/${id}`,
      headers: admin.headers,
      payload: { document: null },
    })
    expect(removed.json().document).toBeNull()
    const plain = await create(admin, { name: 'Plain', body: 'Hi' })
    expect(plain.json().document).toBeNull()
  })

  it('refuses an unknown field or a character the PDF font cannot print, naming document.body, and saves nothing', async () => {
    const admin = await createOrgWithUser(ctx)
    const unknown = await create(admin, {
      name: 'Bad field',
      body: 'Hi',
      document: { title: 'Offer', body: 'Dear {{ person.nickname }}' },
    })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json()).toMatchObject({
      code: 'TEMPLATE_DOCUMENT_INVALID',
      details: { field: 'document.body' },
    })
    expect(unknown.json().message).toMatch(/^document\.body: .*person\.nickname/)
    const emoji = await create(admin, {
      name: 'Emoji',
      body: 'Hi',
      document: { title: 'Party 🎉', body: 'Come' },
    })
    expect(emoji.statusCode).toBe(422)
    expect(emoji.json()).toMatchObject({
      code: 'TEMPLATE_DOCUMENT_INVALID',
      details: { field: 'document.title', unsupported: ['🎉'] },
    })
    const cjk = await create(admin, { name: 'CJK', body: 'Hi', document: { title: 'Offer', body: '欢迎' } })
    expect(cjk.json()).toMatchObject({ details: { field: 'document.body', unsupported: ['欢', '迎'] } })
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/templates', headers: admin.headers })
    expect(list.json().items).toEqual([])
  })

  it('sends a person their own merged PDF as a download link, counted in the preview and the cost', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const personId = await createPerson(ctx, admin, { firstName: 'Ingrid', lastName: 'Ström' })
    const template = (
      await create(admin, {
        name: 'Contract',
        body: 'Hi {{ person.first_name }}, here is your contract for the summer season. Please read it carefully and reply YES here to accept it:',
        document: {
          title: 'Contract for {{ person.full_name }}',
          body: 'Dear {{ person.first_name }},\n\nWelcome.',
        },
      })
    ).json()
    const preview = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/templates/${template.id}/render`,
      headers: admin.headers,
      payload: { personId },
    })
    expect(preview.statusCode, preview.body).toBe(200)
    expect(preview.json()).toMatchObject({ hasDocument: true, segments: 2, credits: 2 })
    expect(preview.json().body).toMatch(
      new RegExp(`^Hi Ingrid, .* accept it:\nhttp://parley\\.test/d/x{${SIGNED_TOKEN_LENGTH}}$`),
    )
    const previewPdf = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/templates/${template.id}/document/render`,
      headers: admin.headers,
      payload: { personId },
    })
    expect(previewPdf.headers['content-type']).toBe('application/pdf')
    expect(shownText(previewPdf.rawPayload)).toContain('Contract for Ingrid Ström')

    const sent = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/templates/${template.id}/messages`,
      headers: admin.headers,
      payload: { personId, subject: 'Your contract', repliable: false },
    })
    expect(sent.statusCode, sent.body).toBe(201)
    expect(sent.json()).toMatchObject({
      segments: 2,
      credits: 2,
      status: 'queued',
      subject: 'Your contract',
      repliable: false,
    })
    expect(await balance(ctx, admin)).toBe(8)
    const token = LINK.exec(sent.json().body)?.[1]
    expect(token).toBeDefined()
    const download = await ctx.app.inject({ method: 'GET', url: `/d/${token}` })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-disposition']).toContain('filename="Contract-for-Ingrid-Strom.pdf"')
    const parsed = await PDFDocument.load(download.rawPayload)
    expect(parsed.getPageCount()).toBe(1)
    expect(shownText(download.rawPayload)).toContain('Dear Ingrid,')

    const plain = (await create(admin, { name: 'Plain', body: 'Hi' })).json()
    const none = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/templates/${plain.id}/messages`,
      headers: admin.headers,
      payload: { personId },
    })
    expect([none.statusCode, none.json().code]).toEqual([404, 'TEMPLATE_NO_DOCUMENT'])
  })

  it('sends every mailshot recipient their own merged PDF, filled in at launch, and refuses an attachment beside it', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const ann = await createPerson(ctx, admin, {
      firstName: 'Ann',
      lastName: 'Berg',
      mobile: '+447911000101',
    })
    const ben = await createPerson(ctx, admin, {
      firstName: 'Ben',
      lastName: 'Dahl',
      mobile: '+447911000102',
    })
    const template = (
      await create(admin, {
        name: 'Contract',
        body: 'Hi {{ person.first_name }}, your contract:',
        document: {
          title: 'Contract for {{ person.full_name }}',
          body: 'Dear {{ person.first_name }},\n\nWelcome.',
        },
      })
    ).json()
    const upload = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/attachments?fileName=terms.pdf',
      headers: { ...admin.headers, 'content-type': 'application/pdf' },
      payload: Buffer.from('%PDF-1.4\n%%EOF\n'),
    })
    const both = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns',
      headers: admin.headers,
      payload: {
        name: 'Contracts and terms',
        source: { type: 'people', personIds: [ann, ben] },
        templateId: template.id,
        attachmentId: upload.json().id,
      },
    })
    expect([both.statusCode, both.json().code]).toEqual([422, 'TEMPLATE_DOCUMENT_WITH_ATTACHMENT'])
    expect(both.json().message).toMatch(/^attachmentId: /)

    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns',
      headers: admin.headers,
      payload: {
        name: 'Contracts',
        source: { type: 'people', personIds: [ann, ben] },
        templateId: template.id,
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id
    const preview = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${id}/preview`,
      headers: admin.headers,
      payload: {},
    })
    expect(preview.statusCode, preview.body).toBe(200)
    // "Hi Ann, your contract:" and the link on its own line: one segment each, so 2 credits
    expect(preview.json()).toMatchObject({ recipients: 2, credits: 2 })
    const launched = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${id}/launch`,
      headers: admin.headers,
      payload: {},
    })
    expect(launched.statusCode, launched.body).toBe(200)
    expect(await balance(ctx, admin)).toBe(8)
    // the template changed after launch changes nothing that was sent
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/templates/${template.id}`,
      headers: admin.headers,
      payload: { document: { title: 'Changed', body: 'Changed.' } },
    })
    const sent = await ctx.deps.database.db
      .selectFrom('messages')
      .select(['person_id', 'body'])
      .where('campaign_id', '=', id)
      .execute()
    expect(sent).toHaveLength(2)
    const tokens = new Set<string>()
    for (const [personId, first, full] of [
      [ann, 'Ann', 'Ann Berg'],
      [ben, 'Ben', 'Ben Dahl'],
    ] as const) {
      const body = sent.find((m) => m.person_id === personId)?.body ?? ''
      expect(body).toMatch(new RegExp(`^Hi ${first}, your contract:\n`))
      const token = LINK.exec(body)?.[1]
      expect(token).toBeDefined()
      tokens.add(token ?? '')
      const download = await ctx.app.inject({ method: 'GET', url: `/d/${token}` })
      expect(download.statusCode, download.body).toBe(200)
      expect(download.headers['content-type']).toBe('application/pdf')
      expect(download.headers['content-disposition']).toContain(
        `filename="Contract-for-${full.replace(' ', '-')}.pdf"`,
      )
      const text = shownText(download.rawPayload)
      expect(text).toContain(`Contract for ${full}`)
      expect(text).toContain(`Dear ${first},`)
      expect(text).not.toContain('Changed')
    }
    expect(tokens.size).toBe(2)
    const counts = await ctx.deps.database.db
      .selectFrom('document_links')
      .select(['download_count'])
      .where('campaign_id', '=', id)
      .execute()
    expect(counts.map((c) => Number(c.download_count))).toEqual([1, 1])
  })
})
