import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localClockTime } from '../server/core/quiet-hours'
import {
  navTo,
  type Parley,
  type Person,
  PHONE,
  pickRecipient,
  screenshot,
  signIn,
  startParley,
} from './harness'

/** The server's clock runs for real here, so the quiet hours are chosen around now in Stockholm. */
const ZONE = 'Europe/Stockholm'

describe('compose inside quiet hours', () => {
  let parley: Parley
  let signe: Person
  let windowEnd: string

  beforeAll(async () => {
    parley = await startParley()
    const now = Date.now()
    // quiet from an hour ago until two hours from now, on Stockholm's clock (hours only)
    const start = localClockTime(new Date(now - 3_600_000), ZONE).replace(/:\d\d$/, ':00')
    windowEnd = localClockTime(new Date(now + 2 * 3_600_000), ZONE).replace(/:\d\d$/, ':00')
    await parley.call('PATCH', '/api/v1/organization', {
      settings: { quietHours: { start, end: windowEnd } },
    })
    signe = await parley.addPerson({ firstName: 'Signe', lastName: 'Lund', mobile: '+46701234567' })
    await parley.call('PATCH', `/api/v1/people/${signe.id}`, { timeZone: ZONE })
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('says when the text will go on their clock, and sends now only with a reason', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Signe')
      await page.getByLabel('Message', { exact: true }).fill('Hi Signe, your shift tomorrow starts at 06:00.')
      const note = page.getByTestId('quiet-hours-note')
      await note.waitFor()
      expect(await note.textContent()).toContain(`will go at ${windowEnd} their time (${ZONE})`)
      await expect
        .poll(() => page.getByRole('button', { name: 'Hold until quiet hours end' }).count())
        .toBe(1)
      await note.getByLabel('Send now anyway').check()
      await screenshot(page, 'compose-quiet-hours-desktop')

      // no reason: refused before anything is sent
      await page.getByRole('button', { name: 'Send now anyway' }).click()
      await page.getByText('Say why the text cannot wait').waitFor()
      const none = await parley.call<{ items: unknown[] }>('GET', '/api/v1/messages?view=all')
      expect(none.items).toEqual([])

      await note.getByLabel('Why it cannot wait').fill('Shift moved to 06:00, they asked to know tonight')
      await page.getByRole('button', { name: 'Send now anyway' }).click()
      await page.getByTestId('send-results').waitFor()
      const sent = await parley.call<{
        items: { status: string; quietHoursOverrideReason: string | null }[]
      }>('GET', '/api/v1/messages?view=all')
      expect(sent.items).toHaveLength(1)
      expect(sent.items[0]?.quietHoursOverrideReason).toBe('Shift moved to 06:00, they asked to know tonight')
      expect(sent.items[0]?.status).not.toBe('scheduled')
    } finally {
      await context.close()
    }
  })

  it('on a phone, holds the text to the end of the window when not overridden', async () => {
    const { page, context } = await signIn(parley, parley.admin.email, PHONE)
    try {
      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Signe')
      await page.getByLabel('Message', { exact: true }).fill('Hi Signe, see you tomorrow.')
      const note = page.getByTestId('quiet-hours-note')
      await note.waitFor()
      expect(await note.textContent()).toContain(`will go at ${windowEnd} their time (${ZONE})`)
      await note.evaluate((el) => el.scrollIntoView({ block: 'center' }))
      await screenshot(page, 'compose-quiet-hours-phone')
      await page.getByRole('button', { name: 'Hold until quiet hours end' }).click()
      await page.getByTestId('send-results').waitFor()
      const all = await parley.call<{ items: { body: string; status: string; sendAt: string | null }[] }>(
        'GET',
        '/api/v1/messages?view=all',
      )
      const held = all.items.find((m) => m.body.includes('see you tomorrow'))
      expect(held?.status).toBe('scheduled')
      expect(localClockTime(new Date(held?.sendAt ?? 0), ZONE)).toBe(windowEnd)
    } finally {
      await context.close()
    }
  })

  it('shows in the mailshot preview how many texts quiet hours hold', async () => {
    const group = await parley.call<{ id: string }>('POST', '/api/v1/groups', { name: 'Stockholm crew' })
    // Signe is in Stockholm's quiet hours; Tom's number (+1, several zones) has no known zone: not held
    const tom = await parley.addPerson({ firstName: 'Tom', lastName: 'Reed', mobile: '+12025550143' })
    await parley.call('POST', `/api/v1/groups/${group.id}/members`, { personIds: [signe.id, tom.id] })
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await navTo(page, 'Mailshots')
      await page.getByRole('button', { name: 'New mailshot' }).click()
      await page
        .getByRole('combobox', { name: /^Group/ })
        .selectOption({ label: 'Stockholm crew (2 people)' })
      await page.getByLabel('Message', { exact: true }).fill('Rota for next week is out.')
      await page.getByRole('button', { name: 'Preview' }).click()
      const held = page.getByTestId('preview-quiet-hours')
      await held.waitFor()
      const text = (await held.textContent()) ?? ''
      expect(text).toContain('Quiet hours hold 1 text')
      expect(text).toContain(`the last goes at ${windowEnd} their time (${ZONE})`)
    } finally {
      await context.close()
    }
  })
})
