import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DESKTOP, type Parley, type Person, PHONE, signIn, startParley } from './harness'

describe('the last inbox defects of the walk: keyboard, Twilio form, time zones, billing log, small ones', () => {
  let parley: Parley
  const people: Person[] = []

  beforeAll(async () => {
    parley = await startParley()
    for (const [index, firstName] of ['Ann', 'Ben', 'Cara', 'Dev'].entries()) {
      const person = await parley.addPerson({
        firstName,
        lastName: 'Keys',
        mobile: `+4479111235${String(index).padStart(2, '0')}`,
      })
      people.push(person)
      await parley.call('POST', '/api/v1/messages', { personId: person.id, body: `Hello ${firstName}` })
    }
  })
  const firstConversationId = async () => {
    const page = await parley.call<{ items: { id: string }[] }>('GET', '/api/v1/conversations?scope=shared')
    const id = page.items[0]?.id
    if (!id) throw new Error('no conversation to open')
    return id
  }
  afterAll(async () => {
    await parley?.close()
  })

  it('the conversation list is one tab stop with arrow keys inside, and an opened conversation gets the focus on its heading', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email)
    try {
      const rows = page.getByTestId('conversation-row')
      await expect.poll(() => rows.count()).toBe(4)
      const tabStops = () =>
        rows.evaluateAll((links) => links.filter((link) => (link as HTMLElement).tabIndex === 0).length)
      expect(await tabStops()).toBe(1)
      const focused = () =>
        page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null
          return {
            tag: element?.tagName.toLowerCase() ?? '',
            row: element?.getAttribute('data-testid') === 'conversation-row',
            text: element?.textContent ?? '',
            label: element?.getAttribute('aria-label') ?? element?.id ?? '',
          }
        })

      // Tab from the search box reaches the list once, and the next Tab leaves it
      await page.getByPlaceholder('Search name or number').focus()
      await page.keyboard.press('Tab')
      expect((await focused()).row).toBe(true)
      const firstText = (await focused()).text
      await page.keyboard.press('ArrowDown')
      expect((await focused()).row).toBe(true)
      expect((await focused()).text).not.toBe(firstText)
      await page.keyboard.press('End')
      expect((await focused()).text).toBe(await rows.last().textContent())
      await page.keyboard.press('Home')
      expect((await focused()).text).toBe(firstText)
      // arrows move the focus only: nothing opened yet
      expect(new URL(page.url()).pathname).toBe('/inbox')
      await page.keyboard.press('ArrowDown')
      expect(await tabStops()).toBe(1)
      const second = await rows.nth(1).getAttribute('data-conversation-id')
      const secondName = (await rows.nth(1).locator('.conversation-row-title').textContent()) ?? ''

      await page.keyboard.press('Enter')
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/inbox/${second}`)
      const heading = page.getByRole('heading', { level: 1, name: secondName })
      await heading.waitFor()
      await expect.poll(async () => (await focused()).tag).toBe('h1')
      expect((await focused()).text).toBe(secondName)

      // from the opened conversation to a sent reply by keyboard alone
      let tabs = 0
      const reply = page.getByLabel('Reply', { exact: true })
      while (!(await reply.evaluate((box) => box === document.activeElement)) && tabs < 30) {
        await page.keyboard.press('Tab')
        tabs += 1
      }
      await page.keyboard.type('Typed without a mouse')
      const send = page.getByRole('button', { name: 'Send', exact: true })
      while (!(await send.evaluate((button) => button === document.activeElement)) && tabs < 30) {
        await page.keyboard.press('Tab')
        tabs += 1
      }
      await page.keyboard.press('Enter')
      await page.getByTestId('bubble').filter({ hasText: 'Typed without a mouse' }).waitFor()
      console.info(`Tab presses from an opened conversation to a sent reply: ${tabs}`)
      expect(tabs).toBeLessThan(10)
    } finally {
      await context.close()
    }
  })

  it("opened directly, compose and a new mailshot take their defaults in the user's time zone, not the browser's", async () => {
    // 21 hours from the browser's zone: the day differs most of the time, the hour always
    const zone = 'Pacific/Auckland'
    await parley.call('PATCH', `/api/v1/users/${parley.admin.userId}`, { timeZone: zone })
    const { page, context } = await signIn(parley, parley.admin.email, DESKTOP, {
      timezoneId: 'America/Los_Angeles',
      locale: 'en-GB',
    })
    const wallTime = (at: number) => {
      const part = (options: Intl.DateTimeFormatOptions) =>
        new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', ...options }).format(at)
      const date = part({ year: 'numeric', month: '2-digit', day: '2-digit' })
      return `${date}T${part({ hour: '2-digit', minute: '2-digit' })}`
    }
    const named = (at: number) =>
      `Mailshot ${new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }).format(at)}`
    try {
      const before = Date.now()
      await page.goto('/compose')
      await page.getByLabel('Send later').check()
      const when = await page.locator('input[type="datetime-local"]').inputValue()
      const after = Date.now()
      expect([wallTime(before + 3_600_000), wallTime(after + 3_600_000)]).toContain(when)
      await page.getByText(`Date and time (${zone})`).waitFor()

      const opened = Date.now()
      await page.goto('/mailshots/new')
      const name = await page.getByLabel('Name', { exact: true }).inputValue()
      expect([named(opened), named(Date.now())]).toContain(name)
    } finally {
      await context.close()
      await parley.call('PATCH', `/api/v1/users/${parley.admin.userId}`, { timeZone: null })
    }
  })

  it('the Twilio form asks for the sender once, takes it with spaces, names fields as it labels them, and shows the reply mode whole', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await page.goto('/settings/connections')
      await page.getByRole('button', { name: 'Add connection' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('combobox', { name: /^Provider/ }).selectOption('twilio')
      await dialog.getByLabel('Account SID').waitFor()
      expect(await dialog.getByText(/^Sender/).count()).toBe(1)
      const replies = dialog.getByLabel('Replies arrive')
      const fits = await replies.evaluate((select) => {
        const element = select as HTMLSelectElement
        const style = getComputedStyle(element)
        const context2d = document.createElement('canvas').getContext('2d')
        if (!context2d) return false
        context2d.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
        const text = element.selectedOptions[0]?.textContent ?? ''
        const room =
          element.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight)
        return context2d.measureText(text).width <= room
      })
      expect(fits).toBe(true)

      await dialog.getByLabel('Name', { exact: true }).fill('Twilio London')
      await dialog.getByRole('textbox', { name: /^Sender/ }).fill('+44 7700 900555')
      await dialog.getByLabel('Account SID').fill(`AC${'0123456789abcdef'.repeat(2)}`)
      await dialog.getByLabel('Auth token').fill('too-short')
      await dialog.getByRole('button', { name: 'Save connection' }).click()
      const refusal = dialog.locator('.error-note')
      await refusal.filter({ hasText: 'Auth token' }).waitFor()
      expect(await refusal.textContent()).not.toMatch(/config\.|authToken|replyNumber/)

      await dialog.getByLabel('Auth token').fill('a-long-enough-secret-token')
      await dialog.getByRole('button', { name: 'Save connection' }).click()
      await dialog.waitFor({ state: 'detached' })
      const { items } = await parley.call<{
        items: { name: string; sender: string; configHint?: Record<string, unknown> }[]
      }>('GET', '/api/v1/connections')
      const saved = items.find((c) => c.name === 'Twilio London')
      expect(saved?.sender).toBe('+447700900555')
      expect(saved?.configHint?.from).toBe('+447700900555')

      // every Copy and Test connection button says which URL or connection it is for
      const names = async (pattern: RegExp) =>
        page
          .getByRole('button', { name: pattern })
          .evaluateAll((buttons) =>
            buttons.map((button) => button.getAttribute('aria-label') ?? button.textContent ?? ''),
          )
      for (const pattern of [/^Copy/, /^Test connection/]) {
        const found = await names(pattern)
        expect(found.length).toBeGreaterThan(1)
        expect(new Set(found).size).toBe(found.length)
      }
    } finally {
      await context.close()
    }
  })

  it('at 390 px the billing log cuts no column off: each entry is a labelled card', async () => {
    const { page, context } = await signIn(parley, parley.recruiter.email, { width: 390, height: 844 })
    try {
      await page.goto('/credits')
      const rows = page.getByTestId('ledger-row')
      await expect.poll(() => rows.count()).toBeGreaterThan(1)
      const cut = await page.evaluate(() => {
        const width = document.documentElement.clientWidth
        const cells = [...document.querySelectorAll('[data-testid="ledger-row"] td')]
        const wrap = document.querySelector('.table-wrap')
        return {
          wrapScrolls: wrap ? wrap.scrollWidth > wrap.clientWidth : true,
          outside: cells.filter((cell) => cell.getBoundingClientRect().right > width).length,
          cells: cells.length,
        }
      })
      expect(cut.cells).toBeGreaterThan(3)
      expect(cut).toMatchObject({ wrapScrolls: false, outside: 0 })
      // each value says which column it is
      const labels = await rows
        .first()
        .locator('td')
        .evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell, '::before').content))
      expect(labels).toEqual(['"Date"', '"What"', '"Change"', '"Balance after"'])
    } finally {
      await context.close()
    }
  })

  it('offers "(Ctrl+Enter to send)" in the reply box on a desktop only, not on a phone', async () => {
    for (const [viewport, hinted] of [
      [DESKTOP, true],
      [PHONE, false],
    ] as const) {
      const { page, context } = await signIn(parley, parley.recruiter.email, viewport)
      try {
        await page.goto(`/inbox/${await firstConversationId()}`)
        const placeholder = await page.getByLabel('Reply', { exact: true }).getAttribute('placeholder')
        expect(placeholder?.startsWith('Write a reply')).toBe(true)
        expect(placeholder?.includes('Ctrl+Enter'), `at ${viewport.width} px`).toBe(hinted)
      } finally {
        await context.close()
      }
    }
  })

  it("the simulator's recent list shows a number without a person once", async () => {
    await parley.call('POST', '/api/v1/messages', { to: '+447911123599', body: 'Hello stranger' })
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await page.goto('/simulator')
      const pick = page.locator('.quick-pick', { hasText: '7911 123599' })
      await pick.waitFor()
      expect(await pick.count()).toBe(1)
      expect((await pick.innerText()).match(/7911 123599/g)).toHaveLength(1)
      // a person's button names them and shows their number
      const named = page.locator('.quick-pick', { hasText: 'Ann Keys' })
      expect(await named.innerText()).toMatch(/Ann Keys\s*\+44 7911 123500/)
    } finally {
      await context.close()
    }
  })

  it('the sign-in card keeps the product name at phone width, and its page asks for the session without an error', async () => {
    const context = await parley.browser.newContext({ viewport: PHONE, baseURL: parley.baseUrl })
    try {
      const page = await context.newPage()
      const refused: string[] = []
      const consoleErrors: string[] = []
      page.on('response', (response) => {
        if (response.status() >= 400) refused.push(`${response.status()} ${response.url()}`)
      })
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text())
      })
      await page.goto('/')
      await page.getByRole('heading', { name: 'Sign in' }).waitFor()
      expect(await page.locator('.login-card').getByText('Parley', { exact: true }).isVisible()).toBe(true)
      expect(refused).toEqual([])
      expect(consoleErrors).toEqual([])
    } finally {
      await context.close()
    }
  })
}, 90_000)
