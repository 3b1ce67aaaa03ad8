import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DESKTOP, navTo, type Parley, PHONE, pickRecipient, screenshot, signIn, startParley } from './harness'

describe('the inbox in a browser', () => {
  let parley: Parley

  beforeAll(async () => {
    parley = await startParley()
    await parley.addPerson({
      firstName: 'Ann',
      lastName: 'Smith',
      mobile: '+447911123401',
      jobTitle: 'Java Developer',
    })
    await parley.addPerson({
      firstName: 'Ben',
      lastName: 'Jones',
      mobile: '+447911123402',
      jobTitle: 'Accountant',
    })
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('signs in, sends a text from the compose page and shows it delivered', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Ann Smith')
      const message = page.getByLabel('Message', { exact: true })
      // a smart quote forces UCS-2; the editor offers the plain quote in one click
      await message.fill('Hi Ann, it’s Rita from Northwind. Are you free for a call at 10?')
      await page.getByText('UCS-2', { exact: true }).waitFor()
      await screenshot(page, 'compose-desktop')
      await page.getByRole('button', { name: /Replace ’ with '/ }).click()
      expect(await message.inputValue()).toBe(
        "Hi Ann, it's Rita from Northwind. Are you free for a call at 10?",
      )
      await page.getByTestId('counter').getByText('GSM-7').waitFor()

      await page.getByRole('button', { name: 'Send', exact: true }).click()
      const results = page.getByTestId('send-results')
      await results.getByText('Sent to Ann Smith').waitFor()
      await results.getByRole('link', { name: 'Open conversation' }).click()

      const bubble = page.getByTestId('bubble').filter({ hasText: 'Are you free for a call at 10?' })
      await bubble.locator('[data-status="delivered"]').waitFor()
      await page.getByTestId('record-card').getByRole('link', { name: 'Ann Smith' }).waitFor()
      expect(await page.getByTestId('record-card').textContent()).toContain('Java Developer')
    } finally {
      await context.close()
    }
  })

  it('shows a reply from the phone simulator as a toast and a new bubble without reloading', async () => {
    const recruiter = await signIn(parley, parley.recruiter.email)
    const candidate = await signIn(parley, parley.admin.email)
    try {
      const page = recruiter.page
      await page.getByTestId('conversation-row').filter({ hasText: 'Ann Smith' }).click()
      await page.getByTestId('bubble').first().waitFor()
      const before = await page.getByTestId('bubble').count()
      const reloads: string[] = []
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) reloads.push(frame.url())
      })

      const phone = candidate.page
      await navTo(phone, 'Phone simulator')
      await pickRecipient(phone, 'Text as', 'Ann Smith')
      await phone.getByTestId('phone').getByText('Are you free for a call at 10?').waitFor()
      await phone.getByLabel('Text as Ann Smith').fill('Yes, 10 works for me. Speak then!')
      await phone.getByRole('button', { name: 'Send as this phone' }).click()
      await phone.getByTestId('phone').getByText('Yes, 10 works for me.').waitFor()
      await screenshot(phone, 'simulator-desktop')

      await page.getByTestId('toast').filter({ hasText: 'Yes, 10 works for me.' }).waitFor()
      await page
        .locator('[data-testid="bubble"][data-direction="inbound"]')
        .filter({ hasText: 'Yes, 10 works for me.' })
        .waitFor()
      expect(await page.getByTestId('bubble').count()).toBe(before + 1)
      expect(reloads.filter((url) => !url.includes('/inbox/'))).toEqual([])
      await screenshot(page, 'inbox-desktop')

      // the alert manager keeps it until cleared
      await page.getByTestId('bell').click()
      const panel = page.getByTestId('notification-panel')
      await panel.getByText('Yes, 10 works for me.').waitFor()
      // the panel lists the reply itself, so its toast no longer covers the panel's buttons
      expect(await page.getByTestId('toast').filter({ visible: true }).count()).toBe(0)
      await panel
        .getByRole('button', { name: /^Clear “/ })
        .first()
        .click()
      await panel.getByText('You are all caught up').waitFor()
    } finally {
      await recruiter.context.close()
      await candidate.context.close()
    }
  })

  it('fits a phone screen: list, then the conversation with a way back', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email, PHONE)
    try {
      await page.getByTestId('conversation-row').filter({ hasText: 'Ann Smith' }).waitFor()
      await page.getByTestId('conversation-row').filter({ hasText: 'Ann Smith' }).click()
      await page.getByTestId('bubble').filter({ hasText: 'Yes, 10 works for me.' }).waitFor()
      await page.getByLabel('Reply', { exact: true }).fill('Great, speak at 10!')
      await page.getByTestId('counter').getByText('1 segment').waitFor()
      await screenshot(page, 'inbox-phone')
      expect(await page.getByTestId('conversation-scroller').isVisible()).toBe(false)
      await page.getByRole('link', { name: 'Back to conversations' }).click()
      await page.getByTestId('conversation-scroller').waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)

      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Ben Jones')
      await page
        .getByLabel('Message', { exact: true })
        .fill('Hi Ben, the client would like to meet you on Tuesday.')
      await page.getByTestId('counter').getByText('1 segment').waitFor()
      await screenshot(page, 'compose-phone')

      await navTo(page, 'Phone simulator')
      await pickRecipient(page, 'Text as', 'Ann Smith')
      await page.getByTestId('phone').getByText('Yes, 10 works for me.').waitFor()
      await page.getByTestId('phone').evaluate((el) => el.scrollIntoView({ block: 'end' }))
      await screenshot(page, 'simulator-phone')
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    } finally {
      await context.close()
    }
  })

  it('attaches a PDF: the counter counts its download link and the text carries it', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Ben Jones')
      const text =
        `Hi Ben, the job description for the accountant role is attached. ${'Have a look. '.repeat(6)}`.trim()
      await page.getByLabel('Message', { exact: true }).fill(text)
      await page.getByTestId('counter').getByText('1 segment', { exact: true }).waitFor()
      await page.getByLabel('Attach a PDF').setInputFiles({
        name: 'accountant-role.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
      })
      await page.getByTestId('attachment').getByText('accountant-role.pdf').waitFor()
      await page.getByTestId('counter').getByText('download link included').waitFor()
      await page.getByTestId('counter').getByText('2 segments').waitFor()
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByTestId('send-results').getByText('Sent to Ben Jones').waitFor()
      const sent = await parley.call<{ items: { body: string }[] }>('GET', '/api/v1/messages?view=sent')
      const withLink = sent.items.find((m) => m.body.startsWith('Hi Ben, the job description'))
      expect(withLink?.body).toMatch(/\nhttps?:\/\/\S+$/)
    } finally {
      await context.close()
    }
  })

  it('replies from the number the candidate texted, or from another line when chosen', async () => {
    const stockholm = await parley.call<{ id: string }>('POST', '/api/v1/connections', {
      provider: 'simulator',
      name: 'Stockholm office',
      sender: '+46701740605',
      config: {},
    })
    await parley.addPerson({ firstName: 'Cara', lastName: 'Berg', mobile: '+46701234501' })
    const inbound = await parley.call<{ conversationId: string }>('POST', '/api/v1/simulator/inbound', {
      from: '+46701234501',
      to: '+46701740605',
      body: 'Hej! Is the Stockholm role still open?',
    })
    const { page, context } = await signIn(parley, parley.recruiter.email, DESKTOP)
    try {
      await page.goto(`${parley.baseUrl}/inbox/${inbound.conversationId}`)
      const from = page.getByTestId('reply-from')
      await from
        .locator('option:checked', { hasText: '+46701740605 (Stockholm office), the number they texted' })
        .waitFor({ state: 'attached' })
      await page.getByLabel('Reply', { exact: true }).fill('Yes, it is. Free for a call at 10?')
      await screenshot(page, 'reply-from-desktop')
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page
        .getByTestId('bubble')
        .filter({ hasText: 'Free for a call at 10?' })
        .locator('[data-status="delivered"]')
        .waitFor()

      // another line, chosen for one reply
      const others = await from.locator('option').allTextContents()
      const other = others.find((text) => !text.includes('Stockholm office'))
      expect(other).toBeDefined()
      await from.selectOption({ label: other as string })
      await page.getByLabel('Reply', { exact: true }).fill('Sent from the main line')
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page
        .getByTestId('bubble')
        .filter({ hasText: 'Sent from the main line' })
        .locator('[data-status="delivered"]')
        .waitFor()

      const sent = await parley.call<{ items: { body: string; from: string; connectionId: string }[] }>(
        'GET',
        `/api/v1/conversations/${inbound.conversationId}/messages`,
      )
      const byBody = (part: string) => sent.items.find((m) => m.body.includes(part))
      expect(byBody('Free for a call at 10?')).toMatchObject({
        from: '+46701740605',
        connectionId: stockholm.id,
      })
      expect(byBody('Sent from the main line')?.connectionId).not.toBe(stockholm.id)
    } finally {
      await context.close()
    }
  })

  it('keeps ten thousand conversations smooth: only the rows on screen are drawn', async () => {
    const { orgId } = parley.recruiter
    const db = parley.ctx.deps.database.db
    const now = Date.now()
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const at = new Date(now - 86_400_000 - i * 60_000).toISOString()
      return {
        id: `bulk-${String(i).padStart(5, '0')}`,
        org_id: orgId,
        phone_e164: `+4479111${String(50_000 + i).padStart(5, '0')}`,
        person_id: null,
        person_count: 0,
        last_message_at: at,
        last_direct_message_at: at,
        last_message_preview: `Message number ${i}`,
        last_message_direction: 'inbound',
        unread_count: 0,
        deleted_at: null,
        created_at: at,
      }
    })
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('conversations')
        .values(rows.slice(i, i + 500))
        .execute()
    const { page, context } = await signIn(parley, parley.recruiter.email, DESKTOP)
    try {
      await page.getByTestId('conversation-row').first().waitFor()
      const scroller = page.getByTestId('conversation-scroller')
      for (let i = 0; i < 6; i++) {
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight))
        await page.waitForTimeout(200)
      }
      // pages keep loading as the list scrolls, yet the DOM holds only the rows in view
      const listHeight = await page
        .locator('.virtual-list')
        .evaluate((el) => el.getBoundingClientRect().height)
      expect(listHeight).toBeGreaterThan(400 * 76)
      expect(await page.getByTestId('conversation-row').count()).toBeLessThan(60)
      await page
        .getByTestId('conversation-row')
        .filter({ hasText: /Message number [4-9]\d\d/ })
        .first()
        .waitFor()
    } finally {
      await context.close()
    }
  })
}, 90_000)
