import type { Kysely } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('name', c.text, (col) => col.notNull())
    .addColumn('settings', c.json(dialect), (col) => col.notNull())
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('offices')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', c.text, (col) => col.notNull())
    .addColumn('reply_number', c.text)
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('teams')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', c.text, (col) => col.notNull())
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('email', c.text, (col) => col.notNull().unique())
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
  await db.schema.createIndex('users_org_idx').on('users').column('org_id').execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', c.id, (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', c.text, (col) => col.notNull())
    .addColumn('expires_at', c.timestamp(dialect), (col) => col.notNull())
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('api_keys')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', c.id, (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', c.text, (col) => col.notNull())
    .addColumn('prefix', c.text, (col) => col.notNull())
    .addColumn('key_hash', c.text, (col) => col.notNull().unique())
    .addColumn('last_used_at', c.timestamp(dialect))
    .addColumn('revoked_at', c.timestamp(dialect))
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()
}
