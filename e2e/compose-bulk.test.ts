import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { navTo, type Parley, pickRecipient, signIn, startParley } from './harness'

describe('compose to a group', () => {
  let parley: Parley

  beforeAll(async () => {
    parley = await startParley({ credits: 100 })
    const ids: string[] = []
    for (const [index, name] of ['Alva', 'Bror', 'Cleo', 'Dag'].entries()) {
      const person = await parley.addPerson({
        firstName: name,
        lastName: 'Porter',
        mobile: `+44791112390${index}`,
      })
      ids.push(person.id)
    }
    const group = await parley.call<{ id: string }>('POST', '/api/v1/groups', { name: 'Night porters' })
    await parley.call('POST', `/api/v1/groups/${group.id}/members`, { personIds: ids })
    await parley.optOut('+447911123903')
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('sends to the whole group as one bulk send with one debit, listing who was skipped', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      const before = await parley.call<{ balance: number }>('GET', '/api/v1/credits')
      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Night porters')
      await page.getByLabel('Message', { exact: true }).fill('Extra night shift on Friday: reply YES.')
      await expect.poll(() => page.getByTestId('compose-summary').textContent()).toContain('4 recipients')
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      const dialog = page.getByRole('dialog')
      expect(await dialog.textContent()).toContain('as one bulk send')
      await dialog.getByRole('button', { name: 'Send', exact: true }).click()
      const results = page.getByTestId('bulk-results')
      await results.waitFor()
      const text = (await results.textContent()) ?? ''
      expect(text).toContain('Sent to 3 recipients · 1 skipped')
      expect(text).toContain('Opted out')

      const campaigns = await parley.call<{ items: { launch: { recipients: number; credits: number } }[] }>(
        'GET',
        '/api/v1/campaigns',
      )
      expect(campaigns.items.map((c) => c.launch)).toMatchObject([{ recipients: 3, credits: 3 }])
      const ledger = await parley.call<{ items: { reason: string; delta: number }[] }>(
        'GET',
        '/api/v1/credits/ledger',
      )
      expect(ledger.items.filter((e) => e.delta === -3)).toHaveLength(1)
      const after = await parley.call<{ balance: number }>('GET', '/api/v1/credits')
      expect(before.balance - after.balance).toBe(3)
      const texts = await parley.call<{ items: { kind: string; status: string }[] }>(
        'GET',
        '/api/v1/messages?view=all',
      )
      expect(texts.items.filter((m) => m.kind === 'bulk' && m.status !== 'not_triggered')).toHaveLength(3)
    } finally {
      await context.close()
    }
  })
})
