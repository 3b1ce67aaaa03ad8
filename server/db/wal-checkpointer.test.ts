import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
})
