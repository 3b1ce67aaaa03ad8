import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  filterByTag,
  navTo,
  type Parley,
  type Person,
  PHONE,
  screenshot,
  selectTagged,
  signIn,
  startParley,
} from './harness'

const TEXT =
  'Hi {{ person.first_name }}, night shifts in {{ person.custom.city | default: "your area" }} from Monday. Reply YES and I will call you.'

async function figure(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-figure="${name}"] dd`).textContent()) ?? ''
}

describe('mailshots in a browser', () => {
  let parley: Parley
  let sofia: Person

  beforeAll(async () => {
    parley = await startParley({ credits: 1000 })
    const nurse = (firstName: string, lastName: string, mobile?: string, city?: string) =>
      parley.addPerson({
        firstName,
        lastName,
        ...(mobile ? { mobile } : {}),
        jobTitle: 'Staff Nurse',
        tags: ['nurse'],
        ...(city ? { customFields: { city } } : {}),
      })
    await nurse('Karin', 'Berg', '+46701740601', 'Uppsala')
    await nurse('Erik', 'Lund', '+46701740602', 'Malmö')
    sofia = await nurse('Sofia', 'Ek', '+447911123701', 'London')
    await nurse('Omar', 'Haddad', '+447911123702')
    await nurse('Lena', 'Holm', '+447911123703', 'Leeds')
    await nurse('Nils', 'Nomobile')
    const olle = await nurse('Olle', 'Optout', '+447911123704', 'Bath')
    // the same phone as Sofia's: texted once
    await nurse('Dan', 'Dupe', '+447911123701', 'London')
    await parley.optOut(olle.mobile as string)
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('previews a mailshot to a selection with its cost and skipped people, then shows it delivered live', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await selectTagged(page, 'nurse', 8)
      await page.getByRole('button', { name: 'Mailshot to 8 people' }).click()
      await page.getByRole('heading', { name: 'New mailshot' }).waitFor()
      expect(await page.getByTestId('source-summary').textContent()).toContain('8 people chosen')
      await page.getByLabel('Name').fill('Night shifts')
      await page.getByLabel('Message', { exact: true }).fill(TEXT)
      await page.getByRole('button', { name: 'Preview' }).click()

      const preview = page.getByTestId('mailshot-preview')
      await preview.waitFor()
      const figures = (await page.getByTestId('preview-figures').textContent()) ?? ''
      expect(figures).toContain('5recipients')
      expect(figures).toContain('3skipped')
      expect(figures).toContain('5credits')
      expect(await page.getByTestId('preview-balance').textContent()).toContain(
        // 1,000 less the confirmation of Olle's STOP, less the mailshot's 5
        '994 left after this mailshot',
      )
      const samples = page.getByTestId('sample')
      await samples.filter({ hasText: 'Hi Karin, night shifts in Uppsala from Monday.' }).waitFor()
      await samples.filter({ hasText: 'Hi Omar, night shifts in your area from Monday.' }).waitFor()
      const skipped = page.getByTestId('skipped-row')
      expect(await skipped.count()).toBe(3)
      expect(await skipped.filter({ hasText: 'Olle Optout' }).textContent()).toContain('Opted out')
      expect(await skipped.filter({ hasText: 'Nils Nomobile' }).textContent()).toContain('No mobile')
      // Sofia and Dan share a number: one of them gets the text, the other is listed as a duplicate
      const duplicate = skipped.filter({ hasText: 'Duplicate' })
      expect(await duplicate.count()).toBe(1)
      expect(await duplicate.textContent()).toMatch(/^(Sofia Ek|Dan Dupe)\+44 7911 123701/)
      await screenshot(page, 'mailshot-preview-desktop')

      await page.getByRole('button', { name: 'Launch for 5 credits' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Launch', exact: true }).click()
      await page.waitForURL(/\/mailshots\/[^/]+$/)
      await page.getByRole('heading', { name: 'Night shifts' }).waitFor()
      // no reload: the figures follow the campaign.progressed events
      await page.locator('[data-figure="delivered"] dd', { hasText: /^5$/ }).waitFor({ timeout: 15_000 })
      await page.locator('[data-testid="campaign-status"][data-status="completed"]').waitFor()
      expect(await figure(page, 'sent')).toBe('5')
      expect(await figure(page, 'failed')).toBe('0')
      expect(await figure(page, 'notTriggered')).toBe('3')
      expect(await page.getByTestId('launch-summary').textContent()).toContain('charged 5 credits')

      await parley.call('POST', '/api/v1/simulator/inbound', { from: sofia.mobile, body: 'YES please' })
      await page.locator('[data-figure="replied"] dd', { hasText: /^1$/ }).waitFor()
      const skippedList = page.getByTestId('campaign-did_not_trigger')
      await skippedList.getByText('Opted out', { exact: true }).waitFor()
      for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click()
      await screenshot(page, 'mailshot-progress-desktop')

      const url = page.url()
      await navTo(page, 'Mailshots')
      const row = page.getByTestId('mailshot-row').filter({ hasText: 'Night shifts' })
      expect(await row.textContent()).toContain('Completed')

      const phone = await signIn(parley, parley.admin.email, PHONE)
      try {
        await phone.page.goto(url)
        await phone.page.locator('[data-figure="delivered"] dd', { hasText: /^5$/ }).waitFor()
        await screenshot(phone.page, 'mailshot-progress-phone')
      } finally {
        await phone.context.close()
      }
    } finally {
      await context.close()
    }
  })

  it('previews a mailshot to a group on a phone', async () => {
    const group = await parley.call<{ id: string }>('POST', '/api/v1/groups', { name: 'Night nurses' })
    const people = await parley.call<{ items: Person[] }>('GET', '/api/v1/people?tag=nurse&limit=50')
    await parley.call('POST', `/api/v1/groups/${group.id}/members`, {
      personIds: people.items.map((p) => p.id),
    })
    const { page, context } = await signIn(parley, parley.admin.email, PHONE)
    try {
      await navTo(page, 'Mailshots')
      await page.getByRole('button', { name: 'New mailshot' }).click()
      await page.getByRole('combobox', { name: /^Group/ }).selectOption({ label: 'Night nurses (8 people)' })
      await page.getByLabel('Message', { exact: true }).fill(TEXT)
      await page.getByRole('button', { name: 'Preview' }).click()
      await page.getByTestId('skipped-row').nth(2).waitFor()
      await page.getByTestId('mailshot-preview').scrollIntoViewIfNeeded()
      await screenshot(page, 'mailshot-preview-phone')
    } finally {
      await context.close()
    }
  })

  it('resends the failed texts of a mailshot from its progress page', async () => {
    await parley.addPerson({
      firstName: 'Fay',
      lastName: 'Failing',
      mobile: '+447911120999',
      tags: ['locum'],
    })
    await parley.addPerson({ firstName: 'Gus', lastName: 'Good', mobile: '+447911123711', tags: ['locum'] })
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await filterByTag(page, 'locum', 2)
      await page.getByRole('button', { name: 'Mailshot to this search' }).click()
      expect(await page.getByTestId('source-summary').textContent()).toContain('tagged locum')
      await page.getByLabel('Name').fill('Locum cover')
      await page.getByLabel('Message', { exact: true }).fill('Locum cover needed this weekend. Interested?')
      await page.getByRole('button', { name: 'Preview' }).click()
      await page.getByRole('button', { name: 'Launch for 2 credits' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Launch', exact: true }).click()
      await page.locator('[data-figure="failed"] dd', { hasText: /^1$/ }).waitFor()
      await page.locator('[data-figure="delivered"] dd', { hasText: /^1$/ }).waitFor()
      await page.getByTestId('campaign-failed').getByText('Fay Failing').waitFor()

      await page.getByRole('button', { name: 'Resend 1 failed text' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Resend' }).click()
      await page.getByTestId('toast').getByText('Resent 1 text for 1 credit').waitFor()
      // the copy fails the same way: two failures now, out of three texts
      await page.locator('[data-figure="total"] dd', { hasText: /^3$/ }).waitFor()
      await page.locator('[data-figure="failed"] dd', { hasText: /^2$/ }).waitFor()
    } finally {
      await context.close()
    }
  })

  it('schedules a mailshot, pauses, resumes and cancels it', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await selectTagged(page, 'locum', 2)
      await page.getByRole('button', { name: 'Mailshot to 2 people' }).click()
      await page.getByLabel('Name').fill('Next week')
      await page.getByLabel('Message', { exact: true }).fill('Rota for next week is out.')
      await page.getByLabel('Send later').check()
      await page.getByRole('button', { name: 'Preview' }).click()
      await page.getByRole('button', { name: 'Schedule for 2 credits' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Schedule', exact: true }).click()
      const status = page.getByTestId('campaign-status')
      await page.locator('[data-testid="campaign-status"][data-status="scheduled"]').waitFor()
      await page.getByRole('button', { name: 'Pause' }).click()
      await page.locator('[data-testid="campaign-status"][data-status="paused"]').waitFor()
      await page.getByRole('button', { name: 'Resume' }).click()
      await page.locator('[data-testid="campaign-status"][data-status="scheduled"]').waitFor()
      await page.getByRole('button', { name: 'Cancel the rest' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel the rest' }).click()
      await page.locator('[data-testid="campaign-status"][data-status="cancelled"]').waitFor()
      expect(await status.textContent()).toBe('Cancelled')
      expect(await figure(page, 'cancelled')).toBe('2')
      expect(await page.getByTestId('launch-summary').textContent()).toContain('2 refunded')
    } finally {
      await context.close()
    }
  })

  it('previews an uploaded CSV list with the lines it skips', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await navTo(page, 'Mailshots')
      await page.getByRole('button', { name: 'New mailshot' }).click()
      await page.getByText('A CSV file').click()
      await page.getByLabel('CSV file', { exact: true }).setInputFiles({
        name: 'open-day.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'mobile,first_name,last_name\n+447911123721,Ida,Iles\nnot a number,Jon,Jay\n,Kim,Kay\n',
        ),
      })
      expect(await page.getByTestId('source-summary').textContent()).toContain('open-day.csv: 3 rows')
      await page
        .getByLabel('Message', { exact: true })
        .fill('Hi {{ person.first_name }}, open day on Friday!')
      await page.getByRole('button', { name: 'Preview' }).click()
      await page.getByTestId('sample').getByText('Hi Ida, open day on Friday!').waitFor()
      const skipped = page.getByTestId('skipped-row')
      expect(await skipped.count()).toBe(2)
      expect(await skipped.filter({ hasText: 'Jon Jay' }).textContent()).toMatch(/line 3.*Invalid number/)
      expect(await skipped.filter({ hasText: 'Kim Kay' }).textContent()).toMatch(/line 4.*No mobile/)
    } finally {
      await context.close()
    }
  })
}, 120_000)
