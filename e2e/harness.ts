import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from '../server/test/fixtures'
import { createTestApp, type TestContext } from '../server/test/setup'
import { startWorker } from '../server/worker'

export const PASSWORD = 'correct horse battery staple'
export const SCREENSHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url))
export const DESKTOP = { width: 1440, height: 900 }
export const PHONE = { width: 375, height: 780 }

export interface Person {
  id: string
  firstName: string
  lastName: string
  mobile: string | null
}

export interface Parley {
  baseUrl: string
  ctx: TestContext
  admin: TestActor & { email: string }
  recruiter: TestActor & { email: string }
  browser: Browser
  /** Creates a person through the API, as an integrator would. */
  addPerson(input: {
    firstName: string
    lastName: string
    mobile?: string
    jobTitle?: string
    tags?: string[]
    customFields?: Record<string, string>
  }): Promise<Person>
  /** Calls the API as the admin (an integrator's API key) and returns the parsed answer. */
  call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<T>
  /**
   * The person texts STOP from the phone simulator; resolves once Parley's confirmation (sent after
   * the STOP is stored, and charged like any text) has been sent, so balances read afterwards are settled.
   */
  optOut(mobile: string): Promise<void>
  close(): Promise<void>
}

let counter = 0

/**
 * One Parley per test file, listening on a free port, with the dispatcher running and the phone
 * simulator answering in 200 ms, plus a headless Chromium to drive it. With `smtpUrl`, the worker's
 * e-mail outbox sends to that SMTP server.
 */
export async function startParley(options: { credits?: number; smtpUrl?: string } = {}): Promise<Parley> {
  const ctx = await createTestApp('sqlite', {
    SIMULATOR_DELIVERY_DELAY_MS: '200',
    ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
  })
  // the browser shows times relative to now, so the server's clock runs for real here
  ctx.clock.now = () => new Date()
  counter += 1
  const tag = `${process.pid}-${counter}`
  const owner = await createOrgWithUser(ctx, {
    credits: options.credits ?? 1000,
    name: 'Northwind Recruitment',
  })
  const adminEmail = `admin-${tag}@example.com`
  const recruiterEmail = `rita-${tag}@example.com`
  const admin = await addUser(ctx, owner.orgId, { role: 'admin', password: PASSWORD, email: adminEmail })
  const recruiter = await addUser(ctx, owner.orgId, {
    role: 'recruiter',
    password: PASSWORD,
    email: recruiterEmail,
  })
  const worker = startWorker(ctx.deps, () => undefined)
  await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  const address = ctx.app.server.address()
  if (!address || typeof address === 'string') throw new Error('Parley did not listen on a TCP port')
  const browser = await chromium.launch({
    // Debian's Chromium; CHROMIUM_PATH points elsewhere on other systems
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  mkdirSync(SCREENSHOTS, { recursive: true })
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    ctx,
    admin: { ...admin, email: adminEmail },
    recruiter: { ...recruiter, email: recruiterEmail },
    browser,
    async addPerson(input) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/people',
        headers: admin.headers,
        payload: input,
      })
      if (response.statusCode !== 201) throw new Error(`creating ${input.firstName} failed: ${response.body}`)
      return response.json<Person>()
    },
    async call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
      const response = await ctx.app.inject({
        method,
        url,
        headers: admin.headers,
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      })
      if (response.statusCode >= 400)
        throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`)
      return (response.body ? response.json() : undefined) as T
    },
    async optOut(mobile) {
      const stop = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/simulator/inbound',
        headers: admin.headers,
        payload: { from: mobile, body: 'STOP' },
      })
      if (stop.statusCode !== 201) throw new Error(`texting STOP from ${mobile} failed: ${stop.body}`)
      await ctx.deps.inbound.settled()
    },
    async close() {
      await browser.close()
      await worker.stop()
      await ctx.close()
    },
  }
}

/** A signed-in page in its own browser context (its own cookie jar). */
export async function signIn(
  parley: Parley,
  email: string,
  viewport: { width: number; height: number } = DESKTOP,
  /** The browser's own settings, e.g. a `timezoneId` other than the user's. */
  options: { timezoneId?: string; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await parley.browser.newContext({ viewport, baseURL: parley.baseUrl, ...options })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  await page.goto('/')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByTestId('user-menu').waitFor()
  return { context, page }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` })
}

/** Picks a person in a recipient box by typing part of their name. */
export async function pickRecipient(page: Page, label: string, name: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label })
  await box.fill(name)
  await page
    .getByRole('option', { name: new RegExp(name) })
    .first()
    .click()
  await page.getByTestId('recipient-chip').filter({ hasText: name }).waitFor()
}

/** Follows a main navigation link, opening the menu first on a phone. */
export async function navTo(page: Page, name: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Open menu' })
  if (await menu.isVisible()) await menu.click()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click()
}

/** Opens the People page filtered by a tag, once the list shows only the people tagged. */
export async function filterByTag(page: Page, tag: string, expected: number): Promise<void> {
  await navTo(page, 'People')
  await page.getByLabel('Tag').fill(tag)
  await expect.poll(() => page.getByTestId('person-row').count()).toBe(expected)
}

/** The same, with everyone shown ticked. */
export async function selectTagged(page: Page, tag: string, expected: number): Promise<void> {
  await filterByTag(page, tag, expected)
  await page.getByLabel('Select everyone shown').check()
}
