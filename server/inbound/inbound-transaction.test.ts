import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DatabaseHandle, Db } from '../db/database'
import { DIALECTS } from '../test/setup'
import { createTestDatabase } from '../test/test-databases'
import { inTransaction, together } from './inbound-transaction'

describe('together', () => {
  it('reports the first failure in argument order, once every statement has settled', async () => {
    let lateSettled = false
    const late = new Promise<never>((_, reject) =>
      setTimeout(() => {
        lateSettled = true
        reject(new Error('first'))
      }, 20),
    )
    await expect(together(late, Promise.reject(new Error('second')))).rejects.toThrow('first')
    expect(lateSettled).toBe(true)
  })
})

describe.each(DIALECTS)('inbound transactions on %s', (dialect) => {
  let database: DatabaseHandle
  beforeEach(async () => {
    database = await createTestDatabase(dialect)
    await sql`create table scratch (id integer primary key, label text not null)`.execute(database.db)
  })
  afterEach(() => database.destroy())

  const insert = (db: Db, id: number, label: string) =>
    sql`insert into scratch (id, label) values (${id}, ${label})`.execute(db)
  const count = async (db: Db) =>
    Number((await sql<{ n: number }>`select count(*) as n from scratch`.execute(db)).rows[0]?.n)

  it('runs statements issued together in the order they were issued, and commits them', async () => {
    const seen = await inTransaction(database, async (db) => {
      const [, , inside] = await together(insert(db, 1, 'one'), insert(db, 2, 'two'), count(db))
      return inside
    })
    expect(seen).toBe(2)
    expect(await count(database.db)).toBe(2)
  })

  it('keeps nothing of a transaction whose statement fails, and the connection serves the next one', async () => {
    await expect(
      inTransaction(database, async (db) => {
        await insert(db, 1, 'kept only if all succeed')
        await together(insert(db, 2, 'two'), insert(db, 2, 'the same key again'), count(db))
      }),
    ).rejects.toThrow()
    expect(await count(database.db)).toBe(0)
    for (let i = 0; i < 15; i++) await inTransaction(database, (db) => insert(db, 10 + i, 'after'))
    expect(await count(database.db)).toBe(15)
  })
})
