import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Db } from '../db/database'
import { createTestDatabase } from './test-databases'

const tablesOf = async (db: Db) =>
  (
    await sql<{ tablename: string }>`
      select tablename from pg_tables where schemaname = current_schema() order by tablename`.execute(db)
  ).rows.map((r) => r.tablename)

const organizationCount = async (db: Db) =>
  Number((await sql<{ n: string }>`select count(*) as n from organizations`.execute(db)).rows[0]?.n)

describe('test databases on postgres', () => {
  it('hand the next test the migrated tables, empty, and none of the tables an earlier test made', async () => {
    const first = await createTestDatabase('postgres')
    const migrated = await tablesOf(first.db)
    await sql`insert into organizations (id, name, settings, created_at)
      values ('o1', 'Acme', '{}', '2026-01-01T00:00:00Z')`.execute(first.db)
    await sql`create table scratch (id integer primary key)`.execute(first.db)
    await first.destroy()

    const second = await createTestDatabase('postgres')
    try {
      expect(migrated).toContain('organizations')
      expect(await tablesOf(second.db)).toEqual(migrated)
      expect(await organizationCount(second.db)).toBe(0)
      await sql`create table scratch (id integer primary key)`.execute(second.db)
    } finally {
      await second.destroy()
    }
  })

  it('empty a schema whose rows an earlier test left', async () => {
    const first = await createTestDatabase('postgres')
    await sql`insert into organizations (id, name, settings, created_at)
      values ('o2', 'Beta', '{}', '2026-01-01T00:00:00Z')`.execute(first.db)
    await first.destroy()
    const second = await createTestDatabase('postgres')
    try {
      expect(await organizationCount(second.db)).toBe(0)
    } finally {
      await second.destroy()
    }
  })
})
