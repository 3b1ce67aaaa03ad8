import { chromium } from 'playwright-core'
// logs every locator action that takes over 700 ms, with what it waited on
export async function patchSlow() {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
  const p = await b.newPage()
  const proto = Object.getPrototypeOf(p.locator('body'))
  await b.close()
  for (const name of ['click', 'waitFor', 'fill', 'selectOption', 'check']) {
    const orig = proto[name]
    proto[name] = async function (this: { toString(): string }, ...args: unknown[]) {
      const t = Date.now()
      if (name === 'click') {
        try {
          await orig.call(this, { trial: true, timeout: 500 })
        } catch {
          // biome-ignore lint/suspicious/noExplicitAny: debugging aid
          const page = (this as any).page()
          await page.screenshot({ path: `/tmp/obstructed-${Date.now()}.png` })
          console.log('OBSTRUCTED', this.toString())
        }
      }
      try {
        return await orig.apply(this, args)
      } finally {
        const ms = Date.now() - t
        if (ms > 700) console.log(`SLOW ${ms} ms ${name} ${this.toString()}`)
      }
    }
  }
}
