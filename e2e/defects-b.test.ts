import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendMessage } from '../server/outbound/send.service'
import {
  DESKTOP,
  navTo,
  type Parley,
  type Person,
  PHONE,
  pickRecipient,
  signIn,
  startParley,
} from './harness'

describe('inbox defects in a browser: compose results, reply box, job picker, list times', () => {
  let parley: Parley
  let ann: Person

  beforeAll(async () => {
    parley = await startParley()
    ann = await parley.addPerson({ firstName: 'Ann', lastName: 'Smith', mobile: '+447911123401' })
    await parley.addPerson({ firstName: 'Ben', lastName: 'Jones', mobile: '+447911123402' })
    await parley.addPerson({ firstName: 'Cara', lastName: 'Opted', mobile: '+447911123403' })
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('follows a sent text to Delivered, names a scheduled one as scheduled, and cancels it only once confirmed', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Ann Smith')
      await page.getByLabel('Message', { exact: true }).fill('Hi Ann, are you free at 10?')
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      const results = page.getByTestId('send-results')
      await results.getByText('Sent to Ann Smith').waitFor()
      // the simulator delivers after 200 ms: the card follows, as the inbox does
      await results.locator('[data-testid="send-result-status"][data-status="delivered"]').waitFor()
      expect(await results.getByTestId('send-result-status').textContent()).toBe('Delivered')

      await pickRecipient(page, 'To', 'Ben Jones')
      await page.getByLabel('Message', { exact: true }).fill('Ben, your interview is tomorrow.')
      await page.getByLabel('Send later').check()
      await page.getByRole('button', { name: 'Schedule', exact: true }).click()
      const heading = results.getByRole('heading')
      await heading.filter({ hasText: /^Scheduled for .+ to Ben Jones$/ }).waitFor()
      await results.locator('[data-testid="send-result-status"][data-status="scheduled"]').waitFor()

      // asked first: saying no leaves it scheduled
      await results.getByRole('button', { name: 'Cancel this text' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByText('Cancel this scheduled text?').waitFor()
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click()
      await dialog.waitFor({ state: 'detached' })
      expect(await results.getByTestId('send-result-status').getAttribute('data-status')).toBe('scheduled')

      await results.getByRole('button', { name: 'Cancel this text' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel the text' }).click()
      await page
        .getByTestId('toast')
        .filter({ hasText: 'Cancelled: the text to Ben Jones will not be sent' })
        .waitFor()
      await results.locator('[data-testid="send-result-status"][data-status="cancelled"]').waitFor()
      await heading.filter({ hasText: 'Cancelled: not sent to Ben Jones' }).waitFor()
    } finally {
      await context.close()
    }
  })

  it('warns in the reply box that the person opted out before Send, and keeps a draft per conversation', async () => {
    await parley.call('POST', '/api/v1/messages', { personId: ann.id, body: 'Hello Ann, a quick question.' })
    await parley.optOut('+447911123403')
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      const reply = page.getByLabel('Reply', { exact: true })
      await page.getByTestId('conversation-row').filter({ hasText: 'Ann Smith' }).click()
      await page.getByTestId('bubble').filter({ hasText: 'a quick question' }).waitFor()
      await reply.fill('Half a thought for Ann')
      expect(await page.getByTestId('reply-opted-out').count()).toBe(0)

      await page.getByTestId('conversation-row').filter({ hasText: 'Cara Opted' }).click()
      await page.getByTestId('bubble').filter({ hasText: 'STOP' }).waitFor()
      // shown before anything is typed or sent
      await page
        .getByTestId('reply-opted-out')
        .filter({ hasText: /Cara Opted has opted out of texts .*\(replied STOP\)/ })
        .waitFor()
      expect(await reply.inputValue()).toBe('')

      await page.getByTestId('conversation-row').filter({ hasText: 'Ann Smith' }).click()
      await page.getByTestId('bubble').filter({ hasText: 'a quick question' }).waitFor()
      await expect.poll(() => reply.inputValue()).toBe('Half a thought for Ann')
      expect(await page.getByTestId('reply-opted-out').count()).toBe(0)

      // sent, the draft is gone
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByTestId('bubble').filter({ hasText: 'Half a thought for Ann' }).waitFor()
      await page.getByTestId('conversation-row').filter({ hasText: 'Cara Opted' }).click()
      await page.getByTestId('reply-opted-out').waitFor()
      await page.getByTestId('conversation-row').filter({ hasText: 'Ann Smith' }).click()
      await page.getByTestId('bubble').filter({ hasText: 'Half a thought for Ann' }).waitFor()
      expect(await reply.inputValue()).toBe('')
    } finally {
      await context.close()
    }
  })

  it('names each job in the interview picker with its company', async () => {
    const acme = await parley.call<{ id: string }>('POST', '/api/v1/companies', { name: 'Acme Ltd' })
    const globex = await parley.call<{ id: string }>('POST', '/api/v1/companies', { name: 'Globex' })
    for (const companyId of [acme.id, globex.id])
      await parley.call('POST', '/api/v1/jobs', { title: 'Backend Developer (Java)', companyId })
    await parley.call('POST', '/api/v1/jobs', { title: 'Backend Developer (Java)' })
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await page.goto(`/people/${ann.id}`)
      await page.getByRole('button', { name: 'Invite to interview' }).click()
      const picker = page.getByRole('dialog').getByLabel('Job (optional)')
      const labels = () => picker.locator('option').allTextContents()
      await expect
        .poll(async () => (await labels()).sort())
        .toEqual(
          [
            'None',
            'Backend Developer (Java) — Acme Ltd',
            'Backend Developer (Java) — Globex',
            'Backend Developer (Java)',
          ].sort(),
        )
    } finally {
      await context.close()
    }
  })

  it('shows on each conversation the time the list sorts by, and an unread number in full', async () => {
    const dora = await parley.addPerson({ firstName: 'Dora', lastName: 'Direct', mobile: '+447911123404' })
    const { orgId, userId } = parley.admin
    await sendMessage(parley.ctx.deps, { orgId, userId }, { to: '+447911123401', body: 'Ann, direct first' })
    await parley.call('POST', '/api/v1/messages', { personId: dora.id, body: 'Dora, direct second' })
    // a later bulk text to Ann does not move her up (the default), so it must not show its time either
    await sendMessage(
      parley.ctx.deps,
      { orgId, userId },
      { to: '+447911123401', body: 'Newsletter', kind: 'bulk' },
    )
    // an unknown number with a three-digit country code texts in: an unread row titled by the number
    const inbound = await parley.ctx.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/inbound',
      headers: parley.admin.headers,
      payload: { from: '+358447895952', body: 'Is the job still open?' },
    })
    expect(inbound.statusCode).toBe(201)
    await parley.ctx.deps.inbound.settled()

    // 320 px: the narrowest phones, where the unread count used to take the number's room
    for (const viewport of [DESKTOP, PHONE, { width: 320, height: 640 }]) {
      const { page, context } = await signIn(parley, parley.recruiter.email, viewport)
      try {
        const unread = page
          .locator('[data-testid="conversation-row"].is-unread')
          .filter({ hasText: 'job still open' })
        await unread.waitFor()
        const title = unread.locator('.conversation-row-title')
        expect(await title.textContent()).toMatch(/^\+3.*5952$/)
        expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
        // the unread count is whole too, inside the row
        const badge = await unread.getByRole('img', { name: '1 unread' }).boundingBox()
        const row = await unread.boundingBox()
        expect(badge && row && badge.x + badge.width <= row.x + row.width).toBe(true)

        const times = await page
          .getByTestId('conversation-row')
          .locator('time')
          .evaluateAll((els) => els.map((el) => el.getAttribute('datetime') ?? ''))
        expect(times).toEqual([...times].sort().reverse())
      } finally {
        await context.close()
      }
    }
  })
}, 90_000)
