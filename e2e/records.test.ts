import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DESKTOP, navTo, type Parley, PHONE, screenshot, signIn, startParley } from './harness'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const LINK = /\nhttp:\/\/parley\.test\/d\/([A-Za-z0-9_-]+)$/

/** Record pages (jobs, placements, companies, groups) and their "Send SMS", with an uploaded PDF picked again. */
describe('record pages in a browser', () => {
  let parley: Parley
  let jobId: string
  let groupId: string
  const names = ['Carl Boss', 'Lena Lead', 'Ann Smith', 'Ben Jones']
  const ids = new Map<string, string>()

  async function uploadPdf(fileName: string): Promise<void> {
    const res = await parley.ctx.app.inject({
      method: 'POST',
      url: `/api/v1/attachments?fileName=${encodeURIComponent(fileName)}`,
      headers: { ...parley.admin.headers, 'content-type': 'application/pdf' },
      payload: PDF,
    })
    expect(res.statusCode, res.body).toBe(201)
  }

  beforeAll(async () => {
    parley = await startParley()
    const company = await parley.call<{ id: string }>('POST', '/api/v1/companies', {
      name: 'Acme Health',
      phone: '+442071234567',
    })
    const mobiles = ['+447911223301', '+447911223302', '+447911223303', '+447911223304']
    for (const [i, name] of names.entries()) {
      const [firstName, lastName] = name.split(' ') as [string, string]
      const person = await parley.call<{ id: string }>('POST', '/api/v1/people', {
        firstName,
        lastName,
        mobile: mobiles[i],
        kind: i < 2 ? 'contact' : 'candidate',
        jobTitle: i < 2 ? 'Ward manager' : 'Staff nurse',
        ...(i < 2 ? { companyId: company.id } : {}),
      })
      ids.set(name, person.id)
    }
    jobId = (
      await parley.call<{ id: string }>('POST', '/api/v1/jobs', {
        title: 'Staff nurse, night shifts',
        companyId: company.id,
        mainContactId: ids.get('Carl Boss'),
        lineManagerId: ids.get('Lena Lead'),
      })
    ).id
    for (const name of ['Ann Smith', 'Ben Jones']) {
      await parley.call('POST', '/api/v1/placements', {
        jobId,
        applicantId: ids.get(name),
        startDate: '2027-01-04',
      })
    }
    groupId = (await parley.call<{ id: string }>('POST', '/api/v1/groups', { name: 'Night nurses' })).id
    await parley.call('POST', `/api/v1/groups/${groupId}/members`, {
      personIds: [ids.get('Ann Smith'), ids.get('Ben Jones')],
    })
    await uploadPdf('Ward handbook.pdf')
    await uploadPdf('Parking permit.pdf')
  })
  afterAll(async () => {
    await parley?.close()
  })

  it("texts a job's people from its page, a PDF picked from the uploads, and each text carries its own link", async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email, DESKTOP)
    try {
      await navTo(page, 'Jobs')
      await page.getByRole('link', { name: 'Staff nurse, night shifts' }).click()
      await page.getByRole('heading', { name: 'Staff nurse, night shifts' }).waitFor()
      const rows = page.getByTestId('record-person')
      await expect.poll(() => rows.count()).toBe(4)
      expect(await rows.allTextContents()).toEqual([
        expect.stringContaining('Carl Boss'),
        expect.stringContaining('Lena Lead'),
        expect.stringContaining('Ben Jones'),
        expect.stringContaining('Ann Smith'),
      ])
      expect(await rows.nth(0).textContent()).toContain('Main contact')
      expect(await rows.nth(1).textContent()).toContain('Line manager')
      await page.getByRole('link', { name: 'Acme Health' }).waitFor()
      await screenshot(page, 'job-page-desktop')

      // a subset: the two ticked, nobody else
      await page.getByLabel('Tick Carl Boss').check()
      await page.getByLabel('Tick Ann Smith').check()
      await page.getByRole('button', { name: 'Send SMS to 2 people ticked' }).click()
      await page.getByRole('heading', { name: 'New message' }).waitFor()
      const chips = page.getByTestId('recipient-chip')
      await expect
        .poll(async () => (await chips.allTextContents()).sort())
        .toEqual(['Ann Smith', 'Carl Boss'])

      // everyone the job names
      await page.goBack()
      await page.getByRole('heading', { name: 'Staff nurse, night shifts' }).waitFor()
      await page.getByRole('button', { name: 'Send SMS to all 4' }).click()
      await page.getByRole('heading', { name: 'New message' }).waitFor()
      await expect.poll(async () => (await chips.allTextContents()).sort()).toEqual([...names].sort())

      await page
        .getByLabel('Message', { exact: true })
        .fill('Hello from Northwind: the ward handbook for the night shifts.')
      await page.getByRole('button', { name: 'Choose an uploaded PDF' }).click()
      const picker = page.getByRole('dialog', { name: 'Choose an uploaded PDF' })
      await picker.getByRole('button', { name: 'Attach Parking permit.pdf' }).waitFor()
      await screenshot(page, 'compose-pdf-picker-desktop')
      await picker.getByRole('searchbox').fill('hand')
      await expect.poll(() => picker.getByRole('listitem').count()).toBe(1)
      await picker.getByRole('button', { name: 'Attach Ward handbook.pdf' }).click()
      await page.getByTestId('attachment').getByText('Ward handbook.pdf').waitFor()
      await page.getByTestId('counter').getByText('download link included').waitFor()

      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Send', exact: true }).click()
      // several recipients go as one bulk send
      await page.getByTestId('bulk-results').getByText('Sent to 4 recipients · 0 skipped').waitFor()

      const sentTexts = async () => {
        const sent = await parley.call<{ items: { personId: string | null; body: string }[] }>(
          'GET',
          '/api/v1/messages?view=sent',
        )
        return sent.items.filter((m) => m.body.startsWith('Hello from Northwind'))
      }
      await expect
        .poll(async () => (await sentTexts()).map((m) => m.personId).sort())
        .toEqual(names.map((n) => ids.get(n)).sort())
      const texts = await sentTexts()
      const tokens = new Set(texts.map((m) => LINK.exec(m.body)?.[1]))
      expect(tokens.size).toBe(4)
      for (const token of tokens) {
        const download = await parley.ctx.app.inject({ method: 'GET', url: `/d/${token}` })
        expect(download.statusCode).toBe(200)
        expect(download.rawPayload.equals(PDF)).toBe(true)
      }
    } finally {
      await context.close()
    }
  })

  it('shows a job page at phone width without sideways scrolling', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email, PHONE)
    try {
      await page.goto(`/jobs/${jobId}`)
      await page.getByRole('heading', { name: 'Staff nurse, night shifts' }).waitFor()
      await expect.poll(() => page.getByTestId('record-person').count()).toBe(4)
      await page.getByRole('button', { name: 'Send SMS to all 4' }).waitFor()
      await screenshot(page, 'job-page-phone')
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    } finally {
      await context.close()
    }
  })

  it('opens a placement, a company and a group from their lists; a whole group goes to a mailshot with a PDF', async () => {
    const { page, context } = await signIn(parley, parley.admin.email, DESKTOP)
    try {
      await navTo(page, 'Placements')
      await page
        .getByTestId('placement-row')
        .filter({ hasText: 'Ann Smith' })
        .getByRole('link', { name: 'Ann Smith' })
        .click()
      await page.getByRole('heading', { name: 'Ann Smith · Staff nurse, night shifts' }).waitFor()
      const rows = page.getByTestId('record-person')
      await expect.poll(() => rows.count()).toBe(3)
      expect(await rows.nth(0).textContent()).toContain('Applicant')

      await navTo(page, 'Companies')
      await page.getByRole('link', { name: 'Acme Health' }).click()
      await page.getByRole('heading', { name: 'Contacts' }).waitFor()
      await expect.poll(() => rows.count()).toBe(2)
      await page.getByRole('link', { name: 'Staff nurse, night shifts' }).waitFor()

      await navTo(page, 'Groups')
      await page.getByRole('link', { name: 'Night nurses' }).click()
      await expect.poll(() => rows.count()).toBe(2)
      await page.getByRole('button', { name: 'Send SMS to the whole group (2)' }).click()
      await page.getByRole('heading', { name: 'New mailshot' }).waitFor()
      expect(await page.getByRole('radio', { name: 'A group' }).isChecked()).toBe(true)
      expect(await page.getByRole('combobox', { name: 'Group' }).inputValue()).toBe(groupId)
      await page
        .getByLabel('Message', { exact: true })
        .fill('Hi {{ person.first_name }}, your parking permit for the night shifts.')
      await page.getByRole('button', { name: 'Choose an uploaded PDF' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Attach Parking permit.pdf' }).click()
      await page.getByTestId('attachment').getByText('Parking permit.pdf').waitFor()
      await page.getByRole('button', { name: 'Preview' }).click()
      const sample = page.getByTestId('sample').first()
      await sample.waitFor()
      expect(await sample.textContent()).toMatch(
        /your parking permit for the night shifts\.\s*http:\/\/parley\.test\/d\/x+/,
      )
      expect(await page.getByTestId('preview-figures').textContent()).toContain('2')
    } finally {
      await context.close()
    }
  })
})
