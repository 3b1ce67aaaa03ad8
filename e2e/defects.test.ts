import type { Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { navTo, type Parley, type Person, PHONE, pickRecipient, signIn, startParley } from './harness'

/** The rendered height of a box, in CSS pixels. */
async function heightOf(box: Locator): Promise<number> {
  return box.evaluate((element) => element.getBoundingClientRect().height)
}

describe('defects found walking the app', () => {
  let parley: Parley
  let ann: Person

  beforeAll(async () => {
    parley = await startParley()
    ann = await parley.addPerson({ firstName: 'Ann', lastName: 'Smith', mobile: '+447911123901' })
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('dialogs open with a multi-line message box, not one squashed until the first keystroke', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await page.goto(`/people/${ann.id}`)
      await page.getByRole('button', { name: 'Invite to interview' }).click()
      const invitation = page.getByRole('dialog')
      // three rows of 1.5 line height at 16 px plus padding: well over 60 px, never the bare 20 px padding
      expect(await heightOf(invitation.getByLabel('Text', { exact: true }))).toBeGreaterThan(60)
      await invitation.getByRole('button', { name: 'Close' }).click()

      await page.goto('/templates')
      await page.getByRole('button', { name: 'New template' }).click()
      const template = page.getByRole('dialog')
      expect(await heightOf(template.getByLabel('Text', { exact: true }))).toBeGreaterThan(60)
    } finally {
      await context.close()
    }
  })

  it('at phone width the record card has a labelled close button, and Escape or a tap beside it closes it too', async () => {
    const text = await parley.call<{ conversationId: string }>('POST', '/api/v1/simulator/inbound', {
      from: ann.mobile,
      body: 'Is the Leeds role still open?',
    })
    const { page, context } = await signIn(parley, parley.recruiter.email, PHONE)
    try {
      await page.goto(`/inbox/${text.conversationId}`)
      const card = page.getByTestId('record-card')
      await page.getByRole('button', { name: 'Show record card' }).click()
      await card.waitFor()
      await card.getByRole('button', { name: 'Close record card' }).click()
      await card.waitFor({ state: 'detached' })
      await page.getByTestId('bubble').filter({ hasText: 'Is the Leeds role still open?' }).waitFor()

      await page.getByRole('button', { name: 'Show record card' }).click()
      await card.waitFor()
      await page.keyboard.press('Escape')
      await card.waitFor({ state: 'detached' })

      // a tap on the conversation beside the card closes it too
      await page.getByRole('button', { name: 'Show record card' }).click()
      await card.waitFor()
      await page.mouse.click(20, 400)
      await card.waitFor({ state: 'detached' })
    } finally {
      await context.close()
    }
  })

  it('compose does not scroll sideways (the hidden PDF input takes no width)', async () => {
    for (const viewport of [
      { width: 1425, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const { page, context } = await signIn(parley, parley.recruiter.email, viewport)
      try {
        await page.goto('/compose')
        await page.getByText('Attach a PDF').waitFor()
        const widths = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          window: window.innerWidth,
        }))
        expect(widths.page, `at ${viewport.width} px`).toBeLessThanOrEqual(widths.window)
      } finally {
        await context.close()
      }
    }
  })

  it('the People list groups a number with a three-digit country code as its country does', async () => {
    await parley.addPerson({ firstName: 'Aino', lastName: 'Virtanen', mobile: '+358447895952' })
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await navTo(page, 'People')
      const row = page.getByTestId('person-row').filter({ hasText: 'Aino Virtanen' })
      await row.getByText('+358 44 7895952').waitFor()
      expect(await row.textContent()).not.toContain('+35 844')
    } finally {
      await context.close()
    }
  })

  it('sends from compose with Ctrl+Enter in the message, as the inbox does', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      await navTo(page, 'New message')
      await pickRecipient(page, 'To', 'Ann Smith')
      const message = page.getByLabel('Message', { exact: true })
      await message.fill('Sent with the keyboard')
      await message.press('Control+Enter')
      await page.getByTestId('send-results').getByText('Sent to Ann Smith').waitFor()
    } finally {
      await context.close()
    }
  })
})
