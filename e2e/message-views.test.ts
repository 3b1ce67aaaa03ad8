import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  insertReceipts,
  markReceiptsFailed,
  receiptRowOf,
} from '../server/inbound/inbound-receipt.repository'
import { startTwilioFake } from '../server/provider/twilio/twilio.fake'
import {
  navTo,
  type Parley,
  type Person,
  PHONE,
  pickRecipient,
  screenshot,
  signIn,
  startParley,
} from './harness'

const TWILIO_SID = `AC${'c'.repeat(32)}`
const TWILIO_TOKEN = 'e2e-twilio-auth-token-0001'

describe('the message views in a browser (seed 002)', () => {
  let parley: Parley
  let ann: Person

  beforeAll(async () => {
    parley = await startParley()
    ann = await parley.addPerson({ firstName: 'Ann', lastName: 'Smith', mobile: '+447911123501' })
    await parley.addPerson({ firstName: 'Ben', lastName: 'Jones', mobile: '+447911123502' })
    await parley.addPerson({ firstName: 'Fay', lastName: 'Failing', mobile: '+447911120999' })
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('pops up a failed send as a toast and resends it from the Failed view', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Fay Failing')
      await page.getByLabel('Message', { exact: true }).fill('Hi Fay, your timesheet is due on Friday.')
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByTestId('send-results').getByText('Sent to Fay Failing').waitFor()
      await page.getByTestId('toast').filter({ hasText: 'failed' }).waitFor()

      await navTo(page, 'Messages')
      await page.getByRole('link', { name: 'Failed', exact: true }).click()
      const failed = page.getByTestId('message-row').filter({ hasText: 'Fay Failing' })
      await failed.getByText('The number does not exist').waitFor()
      await screenshot(page, 'message-views-desktop')
      await failed.getByRole('checkbox').check()
      await page.getByRole('toolbar').getByRole('button', { name: 'Resend' }).click()
      const dialog = page.getByRole('dialog', { name: 'Resend 1 message?' })
      await dialog.getByText('You are about to resend 1 message').waitFor()
      await dialog.getByRole('button', { name: 'Resend 1 message' }).click()
      await page.getByTestId('toast').filter({ hasText: 'Queued again: 1 message' }).waitFor()
      // the original leaves the Failed view; its copy fails again (the number does not exist) and
      // stands there in its place, marked as a resend
      const copy = failed.filter({ has: page.getByText('resend', { exact: true }) })
      await copy.getByText('The number does not exist').waitFor()
      await expect.poll(() => failed.count()).toBe(1)
      await copy.getByRole('button', { name: /Fay Failing/ }).click()
      await copy.getByTestId('resend-of').waitFor()
      await screenshot(page, 'resend-linked-desktop')
      // All keeps both: the original, marked resent, with its reason
      await page.getByRole('link', { name: 'All', exact: true }).click()
      const original = failed.filter({ has: page.getByText('resent', { exact: true }) })
      await original.getByText('The number does not exist').waitFor()
      expect(await failed.count()).toBe(2)
    } finally {
      await context.close()
    }
  })

  it('shows an admin a received text not stored yet, and stores it on "Try again now"', async () => {
    const { ctx, admin } = parley
    const connection = await ctx.deps.database.db
      .selectFrom('connections')
      .select(['id', 'org_id'])
      .where('org_id', '=', admin.orgId)
      .executeTakeFirstOrThrow()
    const now = new Date()
    const at = now.toISOString()
    const item = {
      connection,
      sms: {
        providerMessageId: 'SIM-e2e-kept',
        from: ann.mobile ?? '',
        to: '+447700900001',
        body: 'Yes, Thursday at 10 works for me',
        receivedAt: at,
      },
    }
    await insertReceipts(ctx.deps.database, [receiptRowOf(item, 'receipt-e2e-kept', at, at)])
    const later = new Date(now.getTime() + 3_600_000).toISOString()
    await markReceiptsFailed(ctx.deps.database.db, ['receipt-e2e-kept'], 'database is locked', later)

    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await navTo(page, 'Messages')
      await page.getByRole('link', { name: 'Failed', exact: true }).click()
      const panel = page.getByRole('region', { name: '1 received text not stored yet' })
      await panel.getByText('database is locked').waitFor()
      await panel.getByText('Thursday at 10').waitFor()
      await screenshot(page, 'inbound-failures-desktop')
      await page.setViewportSize(PHONE)
      await panel.getByRole('button', { name: 'Try again now' }).waitFor()
      await screenshot(page, 'inbound-failures-phone')
      await panel.getByRole('button', { name: 'Try again now' }).click()
      await page.getByTestId('toast').filter({ hasText: 'Stored: the text is in its conversation' }).waitFor()
      await panel.waitFor({ state: 'detached' })
      await page.getByRole('link', { name: 'Received', exact: true }).click()
      await page.getByTestId('message-row').filter({ hasText: 'Thursday at 10' }).waitFor()
    } finally {
      await context.close()
    }
  })

  it('forwards a received text, edited, to another person', async () => {
    const inbound = await parley.ctx.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/inbound',
      headers: parley.recruiter.headers,
      payload: { from: ann.mobile, body: 'I can also recommend my friend for the Java role.' },
    })
    expect(inbound.statusCode).toBe(201)
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await page.goto('/messages/received')
      const row = page.getByTestId('message-row').filter({ hasText: 'recommend my friend' })
      await row.getByRole('button', { expanded: false }).click()
      await row.getByRole('button', { name: 'Forward' }).click()
      const dialog = page.getByRole('dialog', { name: 'Forward message' })
      await pickRecipient(page, 'To', 'Ben Jones')
      const text = dialog.getByLabel('Text to forward')
      expect(await text.inputValue()).toBe('I can also recommend my friend for the Java role.')
      await text.fill('From Ann: she can recommend a friend for the Java role.')
      await dialog.getByRole('button', { name: 'Forward', exact: true }).click()
      await page.getByTestId('toast').filter({ hasText: 'Forwarded to 1 recipient' }).waitFor()
      await page.getByRole('link', { name: 'Sent', exact: true }).click()
      await page
        .getByTestId('message-row')
        .filter({ hasText: 'Ben Jones' })
        .filter({ hasText: 'From Ann: she can recommend a friend' })
        .waitFor()
    } finally {
      await context.close()
    }
  })

  it('deletes a message after saying how many, and restores it from Deleted', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email, PHONE)
    try {
      await page.goto('/messages/received')
      const row = page.getByTestId('message-row').filter({ hasText: 'recommend my friend' })
      await row.waitFor()
      await screenshot(page, 'message-views-phone')
      await row.getByRole('checkbox').check()
      await page.getByRole('toolbar').getByRole('button', { name: 'Delete' }).click()
      const dialog = page.getByRole('dialog', { name: 'Delete 1 message?' })
      await dialog.getByRole('button', { name: 'Delete 1 message' }).click()
      await page.getByTestId('toast').filter({ hasText: 'Deleted: 1 message' }).waitFor()
      await row.waitFor({ state: 'detached' })

      await page.getByRole('link', { name: 'Deleted', exact: true }).click()
      const deleted = page.getByTestId('message-row').filter({ hasText: 'recommend my friend' })
      await deleted.getByRole('checkbox').check()
      await page.getByRole('toolbar').getByRole('button', { name: 'Restore' }).click()
      await page
        .getByRole('dialog', { name: 'Restore 1 message?' })
        .getByRole('button', { name: 'Restore 1 message' })
        .click()
      await deleted.waitFor({ state: 'detached' })

      await page.getByRole('link', { name: 'Received', exact: true }).click()
      await page.getByTestId('message-row').filter({ hasText: 'recommend my friend' }).waitFor()
    } finally {
      await context.close()
    }
  })

  it('shows a text Twilio holds in Pending, and cancels it at Twilio', async () => {
    const twilio = await startTwilioFake({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN })
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      const connection = await parley.call<{ id: string }>('POST', '/api/v1/connections', {
        provider: 'twilio',
        name: 'Twilio service',
        sender: '+447700900123',
        config: {
          accountSid: TWILIO_SID,
          authToken: TWILIO_TOKEN,
          messagingServiceSid: `MG${'0'.repeat(32)}`,
          baseUrl: twilio.url,
        },
      })
      const sendAt = new Date(Date.now() + 2 * 3_600_000).toISOString()
      const sent = await parley.call<{ id: string }>('POST', '/api/v1/messages', {
        personId: ann.id,
        body: 'Reminder: your interview is tomorrow at 10:00.',
        sendAt,
        connectionId: connection.id,
      })
      // the dispatcher hands scheduled texts over every 10 seconds
      await expect.poll(() => twilio.heldMessages().length, { timeout: 20_000, interval: 250 }).toBe(1)

      await navTo(page, 'Messages')
      await page.getByRole('link', { name: 'Pending', exact: true }).click()
      const row = page.getByTestId('message-row').filter({ hasText: 'interview is tomorrow' })
      await row.getByTitle('Held by the provider, which sends it at that time').waitFor()
      await row.getByText('interview is tomorrow').click()
      await row.getByText('(held by the provider)').waitFor()
      await screenshot(page, 'message-pending-held-desktop')
      await row.getByRole('button', { name: 'Cancel sending' }).click()
      // asked first, then told
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel the text' }).click()
      await page.getByTestId('toast').filter({ hasText: 'Cancelled' }).waitFor()
      await row.waitFor({ state: 'detached' })
      expect(twilio.heldMessages()).toEqual([])
      expect(twilio.messages[0]?.status).toBe('canceled')
      const message = await parley.call<{ status: string }>('GET', `/api/v1/messages/${sent.id}`)
      expect(message.status).toBe('cancelled')
    } finally {
      await context.close()
      await twilio.close()
    }
  })
}, 90_000)
