import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createPerson } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

/** The uploads a sender picks from to attach a PDF again (compose and the mailshot form). */
describe.each(DIALECTS)('the list of uploaded PDFs on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
  })
  afterEach(() => ctx.close())

  async function upload(actor: TestActor, fileName: string, content = PDF): Promise<string> {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/attachments?fileName=${encodeURIComponent(fileName)}`,
      headers: { ...actor.headers, 'content-type': 'application/pdf' },
      payload: content,
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().id as string
  }
  async function list(actor: TestActor, query = '') {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/attachments${query}`,
      headers: actor.headers,
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as {
      items: {
        id: string
        fileName: string
        sizeBytes: number
        createdAt: string
        links: { links: number }
      }[]
      nextCursor: string | null
    }
  }

  it('pages newest first with name, size and upload time, finds by name and leaves out deleted files', async () => {
    const handbook = await upload(admin, 'Staff handbook.pdf', Buffer.concat([PDF, Buffer.alloc(2048)]))
    ctx.clock.advance(1000)
    const offer = await upload(admin, 'Offer letter.pdf')
    ctx.clock.advance(1000)
    const terms = await upload(admin, 'Terms.pdf')

    const first = await list(admin, '?limit=2')
    expect(first.items.map((i) => i.id)).toEqual([terms, offer])
    expect(first.items[1]).toMatchObject({
      fileName: 'Offer letter.pdf',
      sizeBytes: PDF.length,
      createdAt: new Date(ctx.clock.now().getTime() - 1000).toISOString(),
      links: { links: 0, downloads: 0, opened: 0 },
    })
    expect(first.nextCursor).not.toBeNull()
    const second = await list(admin, `?limit=2&cursor=${first.nextCursor}`)
    expect(second.items.map((i) => [i.id, i.sizeBytes])).toEqual([[handbook, PDF.length + 2048]])
    expect(second.nextCursor).toBeNull()

    expect((await list(admin, '?q=LETTER')).items.map((i) => i.id)).toEqual([offer])
    expect((await list(admin, '?q=50%25')).items).toEqual([])

    // a send counts on the file it used, in the list too
    const personId = await createPerson(ctx, admin, { firstName: 'Ann' })
    const sent = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/attachments/${offer}/messages`,
      headers: admin.headers,
      payload: { personId, body: 'Your offer' },
    })
    expect(sent.statusCode, sent.body).toBe(201)
    const counted = (await list(admin)).items.map((i) => [i.fileName, i.links.links])
    expect(counted).toEqual([
      ['Terms.pdf', 0],
      ['Offer letter.pdf', 1],
      ['Staff handbook.pdf', 0],
    ])

    const removed = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/attachments/${terms}`,
      headers: admin.headers,
    })
    expect(removed.statusCode).toBe(204)
    expect((await list(admin)).items.map((i) => i.id)).toEqual([offer, handbook])

    // another organization sees none of them
    const other = await createOrgWithUser(ctx)
    expect(await list(other)).toEqual({ items: [], nextCursor: null })
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/attachments?cursor=not-ours',
      headers: admin.headers,
    })
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'REQUEST_INVALID'])
  })
})
