import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Parley, type Person, signIn, startParley } from './harness'

describe('interview invitations in a browser', () => {
  let parley: Parley
  let ann: Person

  beforeAll(async () => {
    parley = await startParley()
    ann = await parley.addPerson({ firstName: 'Ann', lastName: 'Smith', mobile: '+447911123901' })
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('invites a candidate with two times and shows the time they confirm', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await page.goto(`/people/${ann.id}`)
      await page.getByRole('button', { name: 'Invite to interview' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByLabel('Title (optional)').fill('Interview: Staff Nurse')
      await dialog.getByLabel('Where (optional)').fill('Leeds office')
      await dialog.getByRole('button', { name: 'Another time' }).click()
      const second = dialog.getByLabel('Time 2', { exact: true })
      const first = await dialog.getByLabel('Time 1', { exact: true }).inputValue()
      await second.fill(`${first.slice(0, 11)}14:30`)
      await dialog.getByRole('button', { name: 'Send invitation' }).click()
      await page.getByTestId('toast').getByText('Invitation sent to Ann Smith').waitFor()
      const row = page.getByTestId('interviews').locator('li').filter({ hasText: 'Interview: Staff Nurse' })
      await row.getByText('Invited, no answer yet').waitFor()

      // the candidate opens the link from the text and picks the second time
      const list = await parley.call<{ items: { link: string; slots: { id: string }[] }[] }>(
        'GET',
        `/api/v1/interviews?personId=${ann.id}`,
      )
      const invitation = list.items[0]
      expect(invitation?.slots).toHaveLength(2)
      const candidate = await parley.browser.newPage()
      try {
        await candidate.goto(`${parley.baseUrl}${new URL(invitation?.link ?? '').pathname}`)
        await candidate.locator('input[name="choice"]').nth(1).check()
        await candidate.getByRole('button', { name: 'Send my answer' }).click()
        await candidate.waitForLoadState()
      } finally {
        await candidate.close()
      }
      // no reload: the answer's notification refreshes the record
      await row.getByText(/Confirmed for .*2:30|Confirmed for .*14:30/).waitFor()
    } finally {
      await context.close()
    }
  })
}, 60_000)
