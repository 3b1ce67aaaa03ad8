import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { navTo, type Parley, type Person, selectTagged, signIn, startParley } from './harness'

describe('a mailshot the credits do not cover', () => {
  let parley: Parley

  beforeAll(async () => {
    parley = await startParley({ credits: 6 })
    for (const [index, name] of ['Ada', 'Bo', 'Cy', 'Di', 'Ed'].entries()) {
      await parley.addPerson({
        firstName: name,
        lastName: 'Temp',
        mobile: `+44791112380${index}`,
        tags: ['temp'],
      })
    }
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('refuses the launch with the credits needed and the balance', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await selectTagged(page, 'temp', 5)
      await page.getByRole('button', { name: 'Mailshot to 5 people' }).click()
      await page.getByLabel('Name').fill('Weekend cover')
      await page
        .getByLabel('Message', { exact: true })
        .fill('Hi {{ person.first_name }}, can you cover Saturday?')
      await page.getByRole('button', { name: 'Preview' }).click()
      await page.getByTestId('mailshot-preview').waitFor()
      expect(await page.getByTestId('preview-balance').textContent()).toContain('1 left after this mailshot')

      // someone else spends two credits between the preview and the launch
      const ada = await parley.call<{ items: Person[] }>('GET', '/api/v1/people?q=Ada')
      await parley.call('POST', '/api/v1/messages', {
        personId: ada.items[0]?.id,
        body: 'Call me when free.',
      })
      await parley.call('POST', '/api/v1/messages', { personId: ada.items[0]?.id, body: 'Thanks!' })

      await page.getByRole('button', { name: 'Launch for 5 credits' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Launch', exact: true }).click()
      const refusal = page.getByTestId('credit-refusal')
      await refusal.waitFor()
      const text = (await refusal.textContent()) ?? ''
      expect(text).toContain('needs 5 credits and the balance is 4')
      expect(text).toContain('1 credit short')
      expect(page.url()).toMatch(/\/mailshots\/new$/)

      // previewed again, the launch is not offered at all
      await page.getByRole('button', { name: 'Preview' }).click()
      await page.getByTestId('mailshot-preview').getByTestId('credit-refusal').waitFor()
      expect(await page.getByRole('button', { name: 'Launch for 5 credits' }).isDisabled()).toBe(true)
      const left = await parley.call<{ items: { status: string }[] }>('GET', '/api/v1/campaigns')
      expect(left.items.map((c) => c.status)).toEqual(['draft'])

      // the refused launch left a draft, which says the same until credits are added
      await navTo(page, 'Mailshots')
      await page.getByRole('link', { name: 'Weekend cover' }).click()
      await page.getByTestId('credit-refusal').getByText('needs 5 credits and the balance is 4').waitFor()
      expect(await page.getByRole('button', { name: 'Launch for 5 credits' }).isDisabled()).toBe(true)
      await parley.call('POST', '/api/v1/credits/top-ups', { amount: 10 })
      await page.reload()
      await page.getByRole('button', { name: 'Launch for 5 credits' }).click()
      await page.locator('[data-testid="campaign-status"]:not([data-status="draft"])').waitFor()
      await page.locator('[data-figure="total"] dd', { hasText: /^5$/ }).waitFor()
    } finally {
      await context.close()
    }
  })
}, 90_000)
