import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../server/test/messaging-helpers'
import { navTo, type Parley, pickRecipient, screenshot, signIn, startParley } from './harness'

/**
 * A text whose outcome is unknown (sending stopped after it was handed to the provider) may have
 * arrived: the bulk Resend leaves it out, and resending it alone asks first, naming the risk.
 */
describe('resending a text whose outcome is unknown, in a browser', () => {
  let parley: Parley

  beforeAll(async () => {
    parley = await startParley()
    await parley.addPerson({ firstName: 'Una', lastName: 'Known', mobile: '+447911123577' })
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('leaves it out of a bulk resend and resends it alone only once confirmed', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Una Known')
      await page.getByLabel('Message', { exact: true }).fill('Hi Una, can you do Saturday?')
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      await page.getByTestId('send-results').getByText('Sent to Una Known').waitFor()
      // what a crash mid-send leaves when the provider cannot be asked (once the simulator's own
      // report is in, so it cannot move the text on again)
      const db = parley.ctx.deps.database.db
      const row = await db
        .selectFrom('messages')
        .select('id')
        .where('body', '=', 'Hi Una, can you do Saturday?')
        .executeTakeFirstOrThrow()
      await eventually(async () => {
        const { status } = await db
          .selectFrom('messages')
          .select('status')
          .where('id', '=', row.id)
          .executeTakeFirstOrThrow()
        expect(status).toBe('delivered')
      }, 1500)
      await db
        .updateTable('messages')
        .set({
          status: 'unknown',
          error_code: 'OUTCOME_UNKNOWN',
          error_message: 'Outcome unknown: sending stopped before the provider answer was recorded.',
        })
        .where('id', '=', row.id)
        .execute()

      await navTo(page, 'Messages')
      await page.getByRole('link', { name: 'Failed', exact: true }).click()
      const unknown = page.getByTestId('message-row').filter({ hasText: 'Una Known' })
      await unknown.getByText('Outcome unknown').first().waitFor()

      // chosen with the others, it is not counted for a bulk resend
      await unknown.getByRole('checkbox').check()
      expect(await page.getByRole('toolbar').getByRole('button', { name: 'Resend' }).isDisabled()).toBe(true)
      await unknown.getByRole('checkbox').uncheck()

      await unknown.locator('button[aria-expanded]').click()
      await unknown.getByRole('button', { name: 'Resend' }).click()
      const dialog = page.getByRole('dialog', { name: 'Resend a text that may have arrived?' })
      await dialog.getByText('resending would text them twice').waitFor()
      await screenshot(page, 'unknown-resend-desktop')
      await dialog.getByRole('button', { name: 'Resend anyway' }).click()
      await page.getByTestId('toast').filter({ hasText: 'Queued again: 1 message' }).waitFor()
      await dialog.waitFor({ state: 'hidden' })
      // one copy, sent as a new text
      await eventually(async () => {
        const copies = await db
          .selectFrom('messages')
          .select('status')
          .where('resent_from_id', '=', row.id)
          .execute()
        expect(copies).toEqual([{ status: 'delivered' }])
      }, 1500)
    } finally {
      await context.close()
    }
  })
})
