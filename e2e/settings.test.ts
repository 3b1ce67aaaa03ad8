import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealJson } from '../server/connection/secret-box'
import { navTo, type Parley, PHONE, pickRecipient, screenshot, signIn, startParley } from './harness'

describe('connections, templates, offices and teams in a browser', () => {
  let parley: Parley

  beforeAll(async () => {
    parley = await startParley()
    await parley.addPerson({
      firstName: 'Ann',
      lastName: 'Smith',
      mobile: '+447911123501',
      customFields: { city: 'Leeds' },
    })
    // a Twilio account whose API cannot be reached: its test must say so
    await parley.call('POST', '/api/v1/connections', {
      provider: 'twilio',
      name: 'Twilio UK',
      sender: '+447700900123',
      config: {
        accountSid: `AC${'0123456789abcdef'.repeat(2)}`,
        authToken: 'a-very-secret-token-5b4a',
        from: '+447700900123',
        baseUrl: 'http://127.0.0.1:9',
      },
    })
    await parley.call('POST', '/api/v1/offices', { name: 'Leeds office' })
    await parley.call('POST', '/api/v1/teams', { name: 'Nurses desk' })
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('tests connections and shows the webhook URLs, secrets masked', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await navTo(page, 'Settings')
      await page.getByRole('link', { name: 'Connections' }).click()
      const card = (name: string) =>
        page.getByTestId('connection').filter({ has: page.getByRole('heading', { name, exact: true }) })
      const simulator = card('Phone simulator')
      const twilio = card('Twilio UK')
      await simulator.getByText('Default', { exact: true }).waitFor()
      expect(await twilio.getByText('Replies webhook').count()).toBe(1)
      expect(await twilio.locator('code').first().textContent()).toMatch(/^http:\/\/parley\.test\/webhooks\//)

      await simulator.getByRole('button', { name: 'Test connection' }).click()
      await simulator.getByTestId('test-result').getByText('Connection works').waitFor()
      await twilio.getByRole('button', { name: 'Test connection' }).click()
      const failed = twilio.getByTestId('test-result')
      await failed.getByText('Connection failed').waitFor()
      expect(await failed.textContent()).not.toContain('Connection works')
      await screenshot(page, 'connections-desktop')

      await twilio.getByRole('button', { name: 'Edit' }).click()
      const dialog = page.getByRole('dialog')
      const token = dialog.getByLabel('Auth token')
      expect(await token.inputValue()).toBe('')
      expect(await token.getAttribute('placeholder')).toContain('****5b4a')
      await dialog.getByLabel('Name').fill('Twilio United Kingdom')
      await dialog.getByRole('button', { name: 'Save connection' }).click()
      await card('Twilio United Kingdom').waitFor()

      await page.getByLabel('Country code').fill('gb')
      await page
        .getByRole('combobox', { name: /^Send through/ })
        .selectOption({ label: 'Twilio United Kingdom' })
      await page.getByRole('button', { name: 'Add rule' }).click()
      await page
        .getByTestId('routing-rules')
        .getByText("The recipient's country is GB → Twilio United Kingdom")
        .waitFor()
    } finally {
      await context.close()
    }
    const phone = await signIn(parley, parley.admin.email, PHONE)
    try {
      await phone.page.goto('/settings/connections')
      await phone.page.getByTestId('connection').first().waitFor()
      await screenshot(phone.page, 'connections-phone')
    } finally {
      await phone.context.close()
    }
  })

  it('gives the simulator a sender name and sends a text that takes no replies from it', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await page.goto('/settings/connections')
      const simulator = page
        .getByTestId('connection')
        .filter({ has: page.getByRole('heading', { name: 'Phone simulator', exact: true }) })
      await simulator.getByRole('button', { name: 'Edit' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByLabel('Sender name for texts that take no replies').fill('Northwind')
      await dialog.getByRole('button', { name: 'Save connection' }).click()
      await dialog.waitFor({ state: 'hidden' })

      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Ann Smith')
      await page.getByLabel('Message', { exact: true }).fill('Our office is closed on Friday.')
      await page.getByLabel('Repliable').uncheck()
      await page.getByText("sent from the connection's sender name").waitFor()
      await page.getByTestId('counter').getByText('GSM-7').waitFor()
      await screenshot(page, 'compose-no-reply-desktop')
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByTestId('send-results').getByText('Sent to Ann Smith').waitFor()
      const sent = await parley.ctx.deps.database.db
        .selectFrom('messages')
        .select(['from_number', 'repliable'])
        .where('body', '=', 'Our office is closed on Friday.')
        .execute()
      expect(sent).toEqual([{ from_number: 'Northwind', repliable: 0 }])
    } finally {
      await context.close()
    }
  })

  it('shows a connection whose credentials no key opens as unreadable, with what to do', async () => {
    // settings sealed with a key this install does not have (a key lost, or rotated without the old one)
    const made = await parley.call<{ id: string }>('POST', '/api/v1/connections', {
      provider: 'firetext',
      name: 'FireText old key',
      sender: 'Northwind',
      config: { apiKey: 'firetext-key-1234' },
    })
    await parley.ctx.deps.database.db
      .updateTable('connections')
      .set({ config_encrypted: sealJson(randomBytes(32), { apiKey: 'firetext-key-1234' }) })
      .where('id', '=', made.id)
      .execute()
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await page.goto('/settings/connections')
      const card = page
        .getByTestId('connection')
        .filter({ has: page.getByRole('heading', { name: 'FireText old key', exact: true }) })
      await card.getByTestId('credentials-unreadable').waitFor()
      expect(await card.textContent()).toContain('its texts fail (credits refunded)')
      await card.scrollIntoViewIfNeeded()
      await screenshot(page, 'connection-unreadable-desktop')
    } finally {
      await context.close()
    }
  })

  it('shows a template error with its position, saves the fixed text and uses it in compose', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await navTo(page, 'Templates')
      await page.getByRole('button', { name: 'New template' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByLabel('Name').fill('Shift reminder')
      await dialog.getByLabel('Category').selectOption('reminder')
      const text = dialog.getByLabel('Text', { exact: true })
      await text.fill('Hi {{ person.frist_name }}, your shift in {{ person.custom.city }} starts at 8.')
      const problems = dialog.getByTestId('template-problems')
      await problems.getByText('line 1').waitFor()
      expect(await problems.textContent()).toContain('did you mean "person.first_name"')
      await dialog.getByRole('button', { name: 'Save template' }).click()
      await dialog.getByTestId('template-refusal').getByText('line 1, column').waitFor()
      await text.fill('Hi {{ person.first_name }}, your shift in {{ person.custom.city }} starts at 8.')
      await dialog.getByTestId('template-check').getByText('{{ person.first_name }}').waitFor()
      await dialog.getByRole('button', { name: 'Save template' }).click()
      await page.getByTestId('template-row').filter({ hasText: 'Shift reminder' }).waitFor()

      // rejections do not go by SMS unless ticked
      await page.getByRole('button', { name: 'New template' }).click()
      await dialog.getByLabel('Name').fill('Not this time')
      await dialog.getByLabel('Category').selectOption('rejection')
      expect(await dialog.getByLabel('May go by SMS').isChecked()).toBe(false)
      await dialog
        .getByLabel('Text', { exact: true })
        .fill('Thank you for applying, {{ person.first_name }}.')
      await dialog.getByRole('button', { name: 'Save template' }).click()
      const rejection = page.getByTestId('template-row').filter({ hasText: 'Not this time' })
      await rejection.getByText('Not by SMS').waitFor()

      await page.getByRole('button', { name: 'Preview Shift reminder' }).click()
      await pickRecipient(page, 'Fill it in for', 'Ann Smith')
      await page
        .getByTestId('template-render')
        .getByText('Hi Ann, your shift in Leeds starts at 8.')
        .waitFor()
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()
      await screenshot(page, 'templates-desktop')

      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Ann Smith')
      const picker = page.getByRole('combobox', { name: /^Template/ })
      expect(await picker.locator('option').allTextContents()).not.toContain('Not this time (Rejection)')
      await picker.selectOption({ label: 'Shift reminder (Reminder)' })
      await page
        .getByTestId('template-sample')
        .getByText('Hi Ann, your shift in Leeds starts at 8.')
        .waitFor()
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByTestId('send-results').getByText('Sent to Ann Smith').waitFor()
      const sent = await parley.call<{ items: { body: string }[] }>('GET', '/api/v1/messages?view=sent')
      expect(sent.items.map((m) => m.body)).toContain('Hi Ann, your shift in Leeds starts at 8.')
    } finally {
      await context.close()
    }
    const phone = await signIn(parley, parley.admin.email, PHONE)
    try {
      await navTo(phone.page, 'Templates')
      await phone.page.getByTestId('template-row').first().waitFor()
      await screenshot(phone.page, 'templates-phone')
    } finally {
      await phone.context.close()
    }
  })

  it('renames and removes an office and a team', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await page.goto('/settings/offices')
      await page.getByRole('button', { name: 'Rename Leeds office' }).click()
      const form = page.getByRole('form', { name: 'Rename Leeds office' })
      await form.getByLabel('Name').fill('Leeds and Bradford')
      await form.getByLabel('Reply number').fill('+447700900123')
      await form.getByRole('button', { name: 'Save' }).click()
      const offices = page.getByTestId('offices-list')
      await offices.getByText('Leeds and Bradford').waitFor()
      await offices.getByText('+44 7700 900123').waitFor()

      await page.getByRole('button', { name: 'Rename Nurses desk' }).click()
      await page.getByRole('form', { name: 'Rename Nurses desk' }).getByLabel('Name').fill('Care desk')
      await page
        .getByRole('form', { name: 'Rename Nurses desk' })
        .getByRole('button', { name: 'Save' })
        .click()
      await page.getByTestId('teams-list').getByText('Care desk').waitFor()

      await page.getByRole('button', { name: 'Remove Care desk' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click()
      await page.getByTestId('teams-list').getByText('Care desk').waitFor({ state: 'detached' })
      const teams = await parley.call<{ items: { name: string }[] }>('GET', '/api/v1/teams')
      expect(teams.items.map((t) => t.name)).not.toContain('Care desk')
    } finally {
      await context.close()
    }
  })
}, 120_000)
