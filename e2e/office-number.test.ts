import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { navTo, type Parley, PHONE, pickRecipient, screenshot, signIn, startParley } from './harness'

const STOCKHOLM = '+46701740605'

/** An admin gives a connection the Stockholm number and the office that number; its recruiter's texts go from it. */
describe('an office reply number in a browser', () => {
  let parley: Parley
  beforeAll(async () => {
    parley = await startParley()
    await parley.addPerson({ firstName: 'Ann', lastName: 'Smith', mobile: '+447911223344' })
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('is given to a connection and an office, says so, and is the number compose sends from', async () => {
    const admin = await signIn(parley, parley.admin.email)
    try {
      const { page } = admin
      await page.goto('/settings/connections')
      const simulator = page
        .getByTestId('connection')
        .filter({ has: page.getByRole('heading', { name: 'Phone simulator', exact: true }) })
      await simulator.getByRole('button', { name: 'Edit' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByLabel('Other numbers it owns (optional)').fill('+46 70-174 06 05')
      await dialog.getByRole('button', { name: 'Save connection' }).click()
      await dialog.waitFor({ state: 'hidden' })

      await page.goto('/settings/offices')
      const add = page.getByRole('form', { name: 'Add an office' })
      await add.getByLabel('Office name').fill('Stockholm')
      await add.getByLabel('Reply number (E.164)').fill('+447911000999')
      await add.getByRole('button', { name: 'Add office' }).click()
      // a number no connection owns is refused, naming the field
      await add.getByText(/replyNumber/).waitFor()
      await add.getByLabel('Reply number (E.164)').fill(STOCKHOLM)
      await add.getByRole('button', { name: 'Add office' }).click()
      const offices = page.getByTestId('offices-list')
      await offices.getByText('Texts go from +46 70 174 06 05 on Phone simulator').waitFor()
      await screenshot(page, 'office-number-desktop')
    } finally {
      await admin.context.close()
    }

    const office = (
      await parley.call<{ items: { id: string; name: string }[] }>('GET', '/api/v1/offices')
    ).items.find((o) => o.name === 'Stockholm')
    expect(office).toBeDefined()
    await parley.call('PATCH', `/api/v1/users/${parley.recruiter.userId}`, { officeId: office?.id })

    const recruiter = await signIn(parley, parley.recruiter.email)
    try {
      const { page } = recruiter
      await navTo(page, 'New message')
      await page
        .getByTestId('send-from')
        .getByText("+46 70 174 06 05, Stockholm's number (Phone simulator)")
        .waitFor()
      await pickRecipient(page, 'To', 'Ann Smith')
      await page.getByLabel('Message', { exact: true }).fill('Hej Ann, your interview is confirmed.')
      await screenshot(page, 'compose-office-number-desktop')
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByTestId('send-results').getByText('Sent to Ann Smith').waitFor()
    } finally {
      await recruiter.context.close()
    }
    const sent = await parley.ctx.deps.database.db
      .selectFrom('messages')
      .select(['from_number', 'to_number'])
      .where('body', '=', 'Hej Ann, your interview is confirmed.')
      .execute()
    expect(sent).toEqual([{ from_number: STOCKHOLM, to_number: '+447911223344' }])

    const phone = await signIn(parley, parley.recruiter.email, PHONE)
    try {
      await navTo(phone.page, 'New message')
      await phone.page
        .getByTestId('send-from')
        .getByText(/Stockholm's number/)
        .waitFor()
      await screenshot(phone.page, 'compose-office-number-phone')
    } finally {
      await phone.context.close()
    }
  })
}, 120_000)
