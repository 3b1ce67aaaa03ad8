import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DESKTOP, type Parley, screenshot, signIn, startParley } from './harness'

const MOBILE = '+447911223341'

/** Association types (seed 001): an admin makes a user outgoing only; the inbox and record card follow. */
describe('who sees what in a browser', () => {
  let parley: Parley
  let conversationId: string
  let ritaName: string

  beforeAll(async () => {
    parley = await startParley()
    await parley.addPerson({ firstName: 'Nina', lastName: 'Holm', mobile: MOBILE })
    ritaName = (await parley.call<{ name: string }>('GET', `/api/v1/users/${parley.recruiter.userId}`)).name
    conversationId = (
      await parley.call<{ conversationId: string }>('POST', '/api/v1/messages', {
        to: MOBILE,
        body: 'From the admin: are you free Monday?',
      })
    ).conversationId
    const rita = await parley.ctx.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      headers: parley.recruiter.headers,
      payload: { to: MOBILE, body: 'From Rita: the shift starts at 8' },
    })
    expect(rita.statusCode, rita.body).toBe(201)
    await parley.call('POST', '/api/v1/simulator/inbound', { from: MOBILE, body: 'Nina replies: yes' })
    await parley.ctx.deps.inbound.settled()
  })
  afterAll(() => parley?.close())

  it('lets an admin make a user outgoing only, who then sees only their own texts', async () => {
    const admin = await signIn(parley, parley.admin.email, DESKTOP)
    try {
      const { page } = admin
      await page.goto('/settings/users')
      await page.getByRole('button', { name: `Edit ${ritaName}` }).click()
      const incoming = page.getByRole('checkbox', { name: 'Incoming' })
      await incoming.uncheck()
      await page.getByText('Outgoing only: sees only the texts they sent').waitFor()
      await page.getByRole('button', { name: 'Save' }).click()
      await page.getByText('User saved').waitFor()
      await page.getByRole('row').filter({ hasText: ritaName }).getByText('outgoing only').waitFor()
      const stored = await parley.call<{ associationTypes: string[] }>(
        'GET',
        `/api/v1/users/${parley.recruiter.userId}`,
      )
      expect(stored.associationTypes).toEqual(['outgoing'])

      await page.goto(`/inbox/${conversationId}`)
      const card = page.getByTestId('associated-users')
      await card.getByText(`${ritaName}: outgoing`, { exact: true }).waitFor()
      await card.getByText('incoming and outgoing').first().waitFor()
      await expect.poll(() => page.getByTestId('bubble').count()).toBe(3)
      await screenshot(page, 'record-card-associations-desktop')
    } finally {
      await admin.context.close()
    }

    const rita = await signIn(parley, parley.recruiter.email, DESKTOP)
    try {
      const { page } = rita
      await page.goto(`/inbox/${conversationId}`)
      await page.getByTestId('bubble').filter({ hasText: 'From Rita: the shift starts at 8' }).waitFor()
      expect(await page.getByTestId('bubble').count()).toBe(1)
      expect(await page.getByText('Nina replies: yes').count()).toBe(0)
      expect(await page.getByText('From the admin').count()).toBe(0)
    } finally {
      await rita.context.close()
    }
  })
})
