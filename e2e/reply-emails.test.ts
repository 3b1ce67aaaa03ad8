import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { navTo, type Parley, screenshot, signIn, startParley } from './harness'

interface UserReply {
  id: string
  name: string
  emailReplies: boolean
}

describe('E-mail me replies in a browser', () => {
  let parley: Parley

  beforeAll(async () => {
    parley = await startParley()
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('a user turns it on in their own menu, and an admin sees and changes it in Settings → Users', async () => {
    const recruiter = await signIn(parley, parley.recruiter.email)
    try {
      const { page } = recruiter
      await page.getByTestId('user-menu').click()
      const item = page.getByRole('menuitemcheckbox', { name: /E-mail me replies/ })
      expect(await item.getAttribute('aria-checked')).toBe('false')
      await item.click()
      await page.getByRole('menuitemcheckbox', { name: 'E-mail me replies: on' }).waitFor()
      expect(await item.getAttribute('aria-checked')).toBe('true')
      await screenshot(page, 'user-menu-email-replies')
    } finally {
      await recruiter.context.close()
    }
    const stored = await parley.call<UserReply>('GET', `/api/v1/users/${parley.recruiter.userId}`)
    expect(stored.emailReplies).toBe(true)

    const admin = await signIn(parley, parley.admin.email)
    try {
      const { page } = admin
      await navTo(page, 'Settings')
      await page.getByRole('link', { name: 'Users' }).click()
      await page.getByRole('button', { name: `Edit ${stored.name}` }).click()
      const dialog = page.getByRole('dialog')
      const box = dialog.getByRole('checkbox', { name: /E-mail me replies/ })
      expect(await box.isChecked()).toBe(true)
      await box.uncheck()
      await dialog.getByRole('button', { name: 'Save', exact: true }).click()
      await dialog.waitFor({ state: 'detached' })
    } finally {
      await admin.context.close()
    }
    const changed = await parley.call<UserReply>('GET', `/api/v1/users/${parley.recruiter.userId}`)
    expect(changed.emailReplies).toBe(false)
  })
})
