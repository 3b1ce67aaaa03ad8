import { type Kysely, sql } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

/**
 * Three changes for running many organizations from one install:
 * - a user's e-mail is unique within its organization, not across all of them (one agency could
 *   learn that an address was used by another, and block it for them);
 * - the platform operator's tokens, kept apart from organizations' API keys, stored as hashes;
 * - login attempts counted in the database per key and minute, so every instance shares the limit.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`alter table users drop constraint users_email_key`.execute(db)
  } else {
    await rebuildSqliteUsersWithoutUniqueEmail(db)
  }
  await sql`create unique index users_org_email_idx on users (org_id, lower(email))`.execute(db)
  // Sign-in looks an address up across organizations.
  await db.schema.createIndex('users_email_idx').on('users').column('email').execute()

  await db.schema
    .createTable('operator_tokens')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('name', c.text, (col) => col.notNull())
    .addColumn('prefix', c.text, (col) => col.notNull())
    .addColumn('token_hash', c.text, (col) => col.notNull().unique())
    .addColumn('last_used_at', c.timestamp(dialect))
    .addColumn('revoked_at', c.timestamp(dialect))
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('login_attempts')
    .addColumn('window_start_ms', c.bigint, (col) => col.notNull())
    .addColumn('key', c.text, (col) => col.notNull())
    .addColumn('count', c.integer, (col) => col.notNull())
    // The window first: old windows are deleted by a range on it.
    .addPrimaryKeyConstraint('login_attempts_pk', ['window_start_ms', 'key'])
    .execute()
}

/**
 * SQLite cannot drop the index of a UNIQUE column constraint: the table is rebuilt without it, the
 * documented way (foreign keys off so dropping the old table deletes nothing that points at it).
 */
// biome-ignore lint/suspicious/noExplicitAny: as above
async function rebuildSqliteUsersWithoutUniqueEmail(db: Kysely<any>): Promise<void> {
  const dialect: Dialect = 'sqlite'
  await sql`pragma foreign_keys = off`.execute(db)
  try {
    await db.transaction().execute(async (trx) => {
      await trx.schema
        .createTable('users_new')
        .addColumn('id', c.id, (col) => col.primaryKey())
        .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
        .addColumn('email', c.text, (col) => col.notNull())
        .addColumn('name', c.text, (col) => col.notNull())
        .addColumn('password_hash', c.text)
        .addColumn('role', c.text, (col) => col.notNull())
        .addColumn('permissions', c.json(dialect), (col) => col.notNull())
        .addColumn('office_id', c.id, (col) => col.references('offices.id').onDelete('set null'))
        .addColumn('team1_id', c.id, (col) => col.references('teams.id').onDelete('set null'))
        .addColumn('team2_id', c.id, (col) => col.references('teams.id').onDelete('set null'))
        .addColumn('mobile_e164', c.text)
        .addColumn('time_zone', c.text)
        .addColumn('disabled_at', c.timestamp(dialect))
        .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
        .execute()
      await sql`insert into users_new (id, org_id, email, name, password_hash, role, permissions, office_id,
        team1_id, team2_id, mobile_e164, time_zone, disabled_at, created_at)
        select id, org_id, email, name, password_hash, role, permissions, office_id,
        team1_id, team2_id, mobile_e164, time_zone, disabled_at, created_at from users`.execute(trx)
      await sql`drop table users`.execute(trx)
      await sql`alter table users_new rename to users`.execute(trx)
      await trx.schema.createIndex('users_org_idx').on('users').column('org_id').execute()
      const broken = await sql`pragma foreign_key_check`.execute(trx)
      if (broken.rows.length > 0)
        throw new Error(`users rebuild broke references: ${JSON.stringify(broken.rows)}`)
    })
  } finally {
    await sql`pragma foreign_keys = on`.execute(db)
  }
}
