import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { navTo, type Parley, pickRecipient, signIn, startParley } from './harness'

describe('permissions, credits and opt-outs in a browser', () => {
  let parley: Parley

  beforeAll(async () => {
    // two credits: the confirmation of Olga's STOP takes one, leaving one
    parley = await startParley({ credits: 2 })
    await parley.addPerson({ firstName: 'Lena', lastName: 'Long', mobile: '+447911123601' })
    const olga = await parley.addPerson({ firstName: 'Olga', lastName: 'Optout', mobile: '+447911123602' })
    await parley.optOut(olga.mobile as string)
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('does not offer a recruiter the settings, and refuses the page when typed', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      const nav = page.getByRole('navigation', { name: 'Main' })
      await nav.getByRole('link', { name: 'Inbox' }).waitFor()
      expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0)
      await page.goto('/settings')
      await page.getByText('You do not have access to this page').waitFor()
      // mailshots need the bulk sending permission: not offered on People, refused by URL
      expect(await nav.getByRole('link', { name: 'Mailshots' }).count()).toBe(0)
      await navTo(page, 'People')
      await page.getByRole('heading', { name: 'People' }).waitFor()
      expect(await page.getByRole('button', { name: /Mailshot/ }).count()).toBe(0)
      await page.goto('/mailshots/new')
      await page.getByText('You do not have access to this page').waitFor()
      await navTo(page, 'Credits')
      await page.getByRole('heading', { name: 'Billing log' }).waitFor()
      expect(await page.getByRole('button', { name: 'Add credits' }).count()).toBe(0)
    } finally {
      await context.close()
    }
  })

  it('warns when credits run low and shows the refusal clearly', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await page.getByTestId('credit-banner').getByText('Credits are running low: 1 left.').waitFor()
      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Lena Long')
      await page
        .getByLabel('Message', { exact: true })
        .fill(`Hi Lena, ${'here are the details of the role. '.repeat(6)}`)
      await page.getByTestId('counter').getByText('2 segments').waitFor()
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      const refusal = page.getByTestId('send-results').getByRole('alert')
      await refusal.getByText('Not enough credits').waitFor()
      expect(await refusal.textContent()).toContain('this needs 2 and the balance is 1')
    } finally {
      await context.close()
    }
  })

  it('warns before sending that a person has opted out, and sends them nothing', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Olga Optout')
      // the suppression list is asked as soon as the recipient is added, before any send
      const warning = page.getByTestId('recipient-warnings')
      await warning.getByText(/Olga Optout has opted out of texts since .* \(replied STOP\)/).waitFor()
      await page.getByTestId('recipient-chip').filter({ hasText: 'opted out' }).waitFor()
      expect(await page.getByTestId('compose-summary').textContent()).toContain('0 recipients')
      await page.getByLabel('Message', { exact: true }).fill('Hi Olga, one more job for you.')
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByRole('alert').getByText('None of the recipients can be texted').waitFor()
      expect(await page.getByTestId('send-results').count()).toBe(0)
      const sent = await parley.ctx.app.inject({
        method: 'GET',
        url: '/api/v1/messages?view=all',
        headers: parley.admin.headers,
      })
      expect(sent.json<{ items: { body: string }[] }>().items.map((m) => m.body)).not.toContain(
        'Hi Olga, one more job for you.',
      )
    } finally {
      await context.close()
    }
  })

  it('lets an admin open the settings, top up, and sign out', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await navTo(page, 'Settings')
      await page.getByLabel('Default country').waitFor()
      expect(await page.getByLabel('Default country').inputValue()).toBe('GB')
      await navTo(page, 'Credits')
      await page.getByLabel('Credits', { exact: true }).fill('250')
      await page.getByRole('button', { name: 'Add credits' }).click()
      await page.getByTestId('balance-value').getByText('251').waitFor()
      await page.getByTestId('credit-banner').waitFor({ state: 'detached' })
      await page.getByTestId('user-menu').click()
      await page.getByRole('menuitem', { name: 'Sign out' }).click()
      await page.getByRole('button', { name: 'Sign in' }).waitFor()
    } finally {
      await context.close()
    }
  })
}, 90_000)
