import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createDb } from './database'

describe('SQLite checkpoints in a worker thread', () => {
  const folder = mkdtempSync(join(tmpdir(), 'parley-wal-'))
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  it('moves committed pages into the database file without the connection checkpointing', async () => {
    const file = join(folder, 'checkpoint.db')
    const handle = createDb(`sqlite:${file}`)
    try {
      await sql`create table filler (id integer primary key, body text not null)`.execute(handle.db)
      const body = 'x'.repeat(1000)
      // About 2 MB: far below the connection's own checkpoint threshold, so only the worker moves it.
      for (let i = 0; i < 20; i++) {
        await sql`insert into filler (body) select ${body} from (
          with recursive n(k) as (select 1 union all select k + 1 from n where k < 100) select k from n
        )`.execute(handle.db)
      }
      const before = statSync(file).size
      await expect
        .poll(() => statSync(file).size, { timeout: 5_000, interval: 50 })
        .toBeGreaterThan(before + 1_000_000)
      const rows = await sql<{ n: number }>`select count(*) as n from filler`.execute(handle.db)
      expect(rows.rows[0]?.n).toBe(2_000)
    } finally {
      await handle.destroy()
    }
  })

  it('keeps the process alive while it closes, so code after destroy() still runs', () => {
    const own = mkdtempSync(join(tmpdir(), 'parley-close-'))
    const script = join(own, 'close.mts')
    const database = fileURLToPath(new URL('./database.ts', import.meta.url))
    writeFileSync(
      script,
      `import { createDb } from ${JSON.stringify(database)}
const handle = createDb(${JSON.stringify(`sqlite:${join(own, 'close.db')}`)})
await handle.destroy()
console.log('after destroy')
`,
    )
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
        encoding: 'utf8',
        timeout: 30_000,
      })
      expect(run.stdout).toBe('after destroy\n')
      expect(run.status).toBe(0)
    } finally {
      rmSync(own, { recursive: true, force: true })
    }
  })
})
