import { afterAll, beforeAll, describe, it } from 'vitest'
import { navTo, type Parley, pickRecipient, screenshot, signIn, startParley } from './harness'

describe('document merge in a browser', () => {
  let parley: Parley

  beforeAll(async () => {
    parley = await startParley()
    await parley.addPerson({ firstName: 'Ingrid', lastName: 'Ström', mobile: '+447911123601' })
  })
  afterAll(async () => {
    await parley?.close()
  })

  it('refuses an emoji in the document, saves the fixed one and previews the text with its PDF link', async () => {
    const { page, context } = await signIn(parley, parley.admin.email)
    try {
      await navTo(page, 'Templates')
      await page.getByRole('button', { name: 'New template' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByLabel('Name').fill('Contract')
      await dialog.getByLabel('Text', { exact: true }).fill('Hi {{ person.first_name }}, your contract:')
      await dialog.getByLabel('Send a PDF made for each recipient').check()
      await dialog.getByLabel('Document title').fill('Contract for {{ person.full_name }} 🎉')
      await dialog
        .getByLabel('Document text', { exact: true })
        .fill('Dear {{ person.first_name }},\n\nWelcome to the team.')
      await dialog.getByRole('button', { name: 'Save template' }).click()
      await dialog.getByText('document.title: the PDF font cannot print').waitFor()
      await dialog.getByLabel('Document title').fill('Contract for {{ person.full_name }}')
      await screenshot(page, 'template-document-desktop')
      await dialog.getByRole('button', { name: 'Save template' }).click()
      await page.getByTestId('template-row').filter({ hasText: 'Contract' }).waitFor()

      await page.getByRole('button', { name: 'Preview Contract' }).click()
      await pickRecipient(page, 'Fill it in for', 'Ingrid Ström')
      const render = page.getByTestId('template-render')
      await render.getByText('Hi Ingrid, your contract:').waitFor()
      await render
        .getByTestId('template-document-note')
        .getByText('Sent with a PDF made for Ingrid Ström')
        .waitFor()
    } finally {
      await context.close()
    }
  })
})
