import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely'
import type { DatabaseHandle, Dialect } from './database'
import { migrations } from './migrations/index'

/** A migration is told its dialect, so one folder serves SQLite and PostgreSQL. */
export interface DialectMigration {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
  up(db: Kysely<any>, dialect: Dialect): Promise<void>
}

/**
 * True when every migration is already recorded. Checked with one plain query first because Kysely's
 * Migrator introspects every table of every schema, which is slow on a big database and can fail while
 * another schema on the same server is being dropped.
 */
async function isUpToDate(handle: DatabaseHandle): Promise<boolean> {
  const table = handle.schema ? sql.table(`${handle.schema}.kysely_migration`) : sql.table('kysely_migration')
  try {
    const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(handle.db)
    const applied = new Set(rows.map((r) => r.name))
    return Object.keys(migrations).every((name) => applied.has(name))
  } catch {
    return false
  }
}

export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrationResultSet> {
  if (await isUpToDate(handle)) return { results: [] }
  const bound: Record<string, Migration> = {}
  for (const [name, migration] of Object.entries(migrations)) {
    bound[name] = { up: (db) => migration.up(db, handle.dialect) }
  }
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => bound },
    // Kysely looks for its own tables across every schema; pin it to ours so parallel test schemas
    // on one PostgreSQL database never see each other's migration tables.
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  })
  const result = await migrator.migrateToLatest()
  if (result.error) throw result.error
  return result
}
