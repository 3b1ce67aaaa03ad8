import type { Kysely } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const orgRef = 'organizations.id'

  await db.schema
    .createTable('companies')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('name', c.text, (col) => col.notNull())
    .addColumn('phone', c.text)
    .addColumn('website', c.text)
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .addColumn('updated_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('companies_org_created_idx')
    .on('companies')
    .columns(['org_id', 'created_at', 'id'])
    .execute()

  await db.schema
    .createTable('people')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('kind', c.text, (col) => col.notNull())
    .addColumn('first_name', c.text, (col) => col.notNull())
    .addColumn('last_name', c.text, (col) => col.notNull())
    .addColumn('mobile_e164', c.text)
    .addColumn('email', c.text)
    .addColumn('company_id', c.id, (col) => col.references('companies.id').onDelete('set null'))
    .addColumn('job_title', c.text)
    .addColumn('tags', c.json(dialect), (col) => col.notNull())
    .addColumn('time_zone', c.text)
    .addColumn('custom_fields', c.json(dialect), (col) => col.notNull())
    // Lower-cased, accent-folded "first last email", written by the app: SQLite's lower() and LIKE
    // only fold ASCII, and recruiters search "bjorn" for Björn.
    .addColumn('search_text', c.text, (col) => col.notNull())
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .addColumn('updated_at', c.timestamp(dialect), (col) => col.notNull())
    .addColumn('deleted_at', c.timestamp(dialect))
    .execute()
  await db.schema
    .createIndex('people_org_mobile_idx')
    .on('people')
    .columns(['org_id', 'mobile_e164'])
    .execute()
  await db.schema
    .createIndex('people_org_created_idx')
    .on('people')
    .columns(['org_id', 'created_at', 'id'])
    .execute()
  await db.schema.createIndex('people_company_idx').on('people').column('company_id').execute()

  // One row per (person, tag), kept in step with people.tags: a portable, indexed "has tag" filter
  // for searches and mailshots, where a JSON array would need dialect-specific SQL.
  await db.schema
    .createTable('person_tags')
    .addColumn('person_id', c.id, (col) => col.notNull().references('people.id').onDelete('cascade'))
    .addColumn('org_id', c.id, (col) => col.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('tag_key', c.text, (col) => col.notNull())
    .addPrimaryKeyConstraint('person_tags_pk', ['person_id', 'tag_key'])
    .execute()
  await db.schema
    .createIndex('person_tags_org_tag_idx')
    .on('person_tags')
    .columns(['org_id', 'tag_key'])
    .execute()

  await db.schema
    .createTable('jobs')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('title', c.text, (col) => col.notNull())
    .addColumn('company_id', c.id, (col) => col.references('companies.id').onDelete('set null'))
    .addColumn('main_contact_id', c.id, (col) => col.references('people.id').onDelete('set null'))
    .addColumn('line_manager_id', c.id, (col) => col.references('people.id').onDelete('set null'))
    .addColumn('status', c.text, (col) => col.notNull())
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('jobs_org_created_idx')
    .on('jobs')
    .columns(['org_id', 'created_at', 'id'])
    .execute()

  await db.schema
    .createTable('placements')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('job_id', c.id, (col) => col.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('applicant_id', c.id, (col) => col.notNull().references('people.id').onDelete('cascade'))
    .addColumn('main_contact_id', c.id, (col) => col.references('people.id').onDelete('set null'))
    .addColumn('line_manager_id', c.id, (col) => col.references('people.id').onDelete('set null'))
    .addColumn('start_date', c.text)
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('placements_org_created_idx')
    .on('placements')
    .columns(['org_id', 'created_at', 'id'])
    .execute()
  await db.schema.createIndex('placements_job_idx').on('placements').column('job_id').execute()

  await db.schema
    .createTable('groups')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('name', c.text, (col) => col.notNull())
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('groups_org_created_idx')
    .on('groups')
    .columns(['org_id', 'created_at', 'id'])
    .execute()

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', c.id, (col) => col.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('person_id', c.id, (col) => col.notNull().references('people.id').onDelete('cascade'))
    .addColumn('added_at', c.timestamp(dialect), (col) => col.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'person_id'])
    .execute()
  await db.schema.createIndex('group_members_person_idx').on('group_members').column('person_id').execute()
}
