import { it } from 'vitest'
import { createOrgWithUser } from '../test/fixtures'
import { createTestApp } from '../test/setup'
it('dbg', async () => {
  const ctx = await createTestApp('sqlite')
  const admin = await createOrgWithUser(ctx)
  const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  const t0 = Date.now()
  for (const body of ['last_name,email\nA,a@x.test\n', `name,phone\n${'Ann,07911 123456\n'.repeat(200_000)}`]) {
    const res = await fetch(`${address}/api/v1/people/import`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'text/csv' }, body })
    console.log('status', res.status, Date.now() - t0, (await res.text()).slice(0, 50))
  }
  await new Promise((r) => setTimeout(r, 1000))
  await ctx.app.close()
  console.log('closed', Date.now() - t0)
  await ctx.deps.database.destroy()
}, 120000)
