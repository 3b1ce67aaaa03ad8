import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DESKTOP, type Parley, type Person, pickRecipient, screenshot, signIn, startParley } from './harness'

const LINK = /\nhttp:\/\/parley\.test\/d\/([A-Za-z0-9_-]+)$/

interface SentText {
  personId: string | null
  body: string
  subject: string | null
  kind: string
}

/** Compose with templates: a document part sends each person their own PDF; merge fields have no cap. */
describe('compose with a template', () => {
  let parley: Parley
  const people: Person[] = []
  const crowd: Person[] = []

  /** The texts accepted so far (any status: under load some are still queued). */
  async function sentTexts(prefix: string): Promise<SentText[]> {
    const sent = await parley.call<{ items: SentText[] }>('GET', '/api/v1/messages?limit=100')
    return sent.items.filter((m) => m.body.startsWith(prefix))
  }

  async function expectOwnPdfs(texts: SentText[]): Promise<void> {
    const tokens = new Set(texts.map((m) => LINK.exec(m.body)?.[1]))
    expect(tokens.size).toBe(texts.length)
    for (const token of tokens) {
      expect(token).toBeDefined()
      const download = await parley.ctx.app.inject({ method: 'GET', url: `/d/${token}` })
      expect(download.statusCode).toBe(200)
      expect(download.headers['content-type']).toContain('application/pdf')
      expect(download.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    }
  }

  beforeAll(async () => {
    parley = await startParley({ credits: 2000 })
    for (const [i, name] of ['Ann Smith', 'Ben Jones', 'Cara Diaz', 'Dev Patel'].entries()) {
      const [firstName, lastName] = name.split(' ') as [string, string]
      people.push(await parley.addPerson({ firstName, lastName, mobile: `+4479112234${10 + i}` }))
    }
    for (let i = 0; i < 60; i++) {
      crowd.push(
        await parley.addPerson({
          firstName: `Temp${i}`,
          lastName: 'Worker',
          mobile: `+44791122${3500 + i}`,
        }),
      )
    }
    await parley.call('POST', '/api/v1/templates', {
      name: 'Contract',
      category: 'offer',
      body: 'Hi {{ person.first_name }}, your contract is ready to read.',
      document: {
        title: 'Contract for {{ person.full_name }}',
        body: 'Dear {{ person.first_name }},\n\nWelcome to Northwind Recruitment.',
      },
    })
    await parley.call('POST', '/api/v1/templates', {
      name: 'Shift call',
      category: 'reminder',
      body: 'Shift call for {{ person.first_name }}: reply YES to take the Saturday shift.',
    })
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('sends a template with a document to one person, then to three, each with their own PDF', async () => {
    const { page, context } = await signIn(parley, parley.admin.email, DESKTOP)
    try {
      await page.goto(`/compose?to=${people[0]?.id}`)
      await page.getByTestId('recipient-chip').filter({ hasText: 'Ann Smith' }).waitFor()
      await page.getByLabel('Subject').fill('Your contract')
      const picker = page.getByRole('combobox', { name: /^Template/ })
      await picker.selectOption({ label: 'Contract (Offer) · with a PDF document' })
      await page
        .getByTestId('template-document-note')
        .getByText('Each person gets their own PDF: Contract for {{ person.full_name }}')
        .waitFor()
      await page.getByTestId('template-sample').getByText('Hi Ann, your contract is ready to read.').waitFor()
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByTestId('send-results').getByText('Sent to Ann Smith').waitFor()

      const [one] = await sentTexts('Hi Ann, your contract')
      expect(one?.personId).toBe(people[0]?.id)
      expect(one?.subject).toBe('Your contract')
      expect(one?.body).toMatch(LINK)
      await expectOwnPdfs(one ? [one] : [])

      // three people: one bulk send, each their own link
      for (const person of people.slice(1)) await pickRecipient(page, 'To', person.firstName)
      await picker.selectOption({ label: 'Contract (Offer) · with a PDF document' })
      await page.getByTestId('template-server-note').waitFor()
      await page.getByTestId('compose-summary').getByText('3 recipients · 3 credits in total').waitFor()
      await screenshot(page, 'compose-document-template-desktop')
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByRole('dialog').getByText('as one bulk send').waitFor()
      await page.getByRole('dialog').getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByTestId('bulk-results').getByText('Sent to 3 recipients · 0 skipped').waitFor()

      const prefixes = ['Hi Ben, your contract', 'Hi Cara, your contract', 'Hi Dev, your contract']
      const three = (await Promise.all(prefixes.map(sentTexts))).flat()
      expect(three.map((m) => m.personId).sort()).toEqual(
        people
          .slice(1)
          .map((p) => p.id)
          .sort(),
      )
      expect(three.every((m) => m.kind === 'bulk')).toBe(true)
      await expectOwnPdfs(three)
    } finally {
      await context.close()
    }
  })

  it('refuses a typed number for a template with a document, with the reason', async () => {
    const { page, context } = await signIn(parley, parley.admin.email, DESKTOP)
    try {
      await page.goto(`/compose?to=${people[0]?.id}`)
      await page.getByTestId('recipient-chip').filter({ hasText: 'Ann Smith' }).waitFor()
      const box = page.getByRole('combobox', { name: 'To' })
      await box.fill('+447911223499')
      await box.press('Enter')
      await expect.poll(() => page.getByTestId('recipient-chip').count()).toBe(2)
      await page
        .getByRole('combobox', { name: /^Template/ })
        .selectOption({ label: 'Contract (Offer) · with a PDF document' })
      await page
        .getByTestId('recipient-warnings')
        .getByText(/is a typed number: the template's document is filled in from a person's record\./)
        .waitFor()
    } finally {
      await context.close()
    }
  })

  it('sends a template with merge fields to 60 people whole: nobody is skipped for their number', async () => {
    // a recruiter may not preview mailshots, so the credits are the estimate from the samples
    const { page, context } = await signIn(parley, parley.recruiter.email, DESKTOP)
    try {
      await page.goto(`/compose?to=${crowd.map((p) => p.id).join(',')}`)
      await expect.poll(() => page.getByTestId('recipient-chip').count(), { timeout: 20_000 }).toBe(60)
      await page.getByRole('combobox', { name: /^Template/ }).selectOption({ label: 'Shift call (Reminder)' })
      await page.getByTestId('template-sample').getByText('Shift call for Temp0:').waitFor()
      await page
        .getByTestId('compose-summary')
        .getByText('60 recipients · about 60 credits in total (estimated from the texts filled in here)')
        .waitFor()
      expect(await page.getByTestId('recipient-warnings').count()).toBe(0)
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByTestId('bulk-results').getByText('Sent to 60 recipients · 0 skipped').waitFor()

      const texts = await sentTexts('Shift call for Temp')
      expect(new Set(texts.map((m) => m.personId))).toEqual(new Set(crowd.map((p) => p.id)))
      expect(texts.find((m) => m.personId === crowd[59]?.id)?.body).toBe(
        'Shift call for Temp59: reply YES to take the Saturday shift.',
      )
    } finally {
      await context.close()
    }
  })
})
