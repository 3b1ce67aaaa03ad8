import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SmtpSink, startSmtpSink } from '../server/test/smtp-sink'
import { navTo, type Parley, screenshot, signIn, startParley } from './harness'

describe('forwarding rules in a browser', () => {
  let parley: Parley
  let smtp: SmtpSink

  beforeAll(async () => {
    smtp = await startSmtpSink()
    parley = await startParley({ smtpUrl: `smtp://127.0.0.1:${smtp.port}` })
  })
  afterAll(async () => {
    await parley?.close()
    await smtp?.close()
  })

  it('an admin adds a rule in Settings and a text received on its number arrives by e-mail', async () => {
    const [number] = (await parley.call<{ items: string[] }>('GET', '/api/v1/forwarding-rules/numbers')).items
    expect(number).toBeTruthy()
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await navTo(page, 'Settings')
      await page.getByRole('link', { name: 'Forwarding' }).click()
      const form = page.getByRole('form', { name: 'Add a forwarding rule' })
      await form.getByLabel('Number').selectOption(number!)
      const emails = form.getByLabel('E-mail addresses')
      await emails.fill('office2@')
      await form.getByRole('button', { name: 'Add rule' }).click()
      // The refusal is shown next to the field it names.
      const emailsField = form.locator('label.field').filter({ hasText: 'E-mail addresses' })
      await emailsField.getByRole('alert').getByText('is not an e-mail address').waitFor()
      expect(await emails.getAttribute('aria-invalid')).toBe('true')

      await emails.fill('office2@example.com')
      await form.getByRole('button', { name: 'Add rule' }).click()
      await page.getByTestId('forwarding-rules').getByText('office2@example.com').waitFor()
      expect(await form.getByRole('alert').count()).toBe(0)
      await screenshot(page, 'forwarding-rules-desktop')

      const arrived = smtp.next()
      const text = await parley.call<{ conversationId: string }>('POST', '/api/v1/simulator/inbound', {
        from: '+447911123501',
        to: number,
        body: 'Is the nurse role in Leeds still open?',
      })
      const mail = await arrived
      expect(mail.to).toEqual(['office2@example.com'])
      expect(mail.data).toContain('Is the nurse role in Leeds still open?')
      expect(mail.data).toContain(`/inbox/${text.conversationId}`)
    } finally {
      await context.close()
    }
  }, 60_000)
})
